"""Nothing a member types can run script in another member's browser."""

import pytest
from django.utils.html import escape

from accounts.models import User
from forum import services
from forum.models import Thread

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    '"><script>alert(1)</script>',
    "<iframe src=javascript:alert(1)>",
    '<div style="background:url(javascript:alert(1))">',
    "<scr<script>ipt>alert(1)</script>",
    "[x](java&#x09;script:alert(1))",
    "<math><mtext></p><script>alert(1)</script>",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '[x](https://example.org "onmouseover=alert(1)")',
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[x]",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_thread_title_payload_is_shown_as_text_everywhere(
    client, page_of, assert_no_active_content, member, make_thread, payload
):
    title = f"Hello {payload}"[:150]
    thread = make_thread(member, title=title)

    for url in ["/", "/c/treatment/", thread.get_absolute_url(), "/u/hannah_mmn/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_active_content(response.content.decode())
        assert " ".join(title.split()) in page_of(response).text, url


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comment_body_payload_is_inert(
    client, page_of, assert_no_active_content, member, other_member, make_thread, payload
):
    thread = make_thread(member)
    reply = services.comment_create(author=other_member, thread=thread, body=payload)

    response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert_no_active_content(response.content.decode())
    assert f"comment-{reply.pk}" in page_of(response).ids


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_posted_through_the_forms_is_inert_on_every_page(
    signed_in, assert_no_active_content, payload
):
    response = signed_in.post(
        "/c/treatment/new/", {"title": f"Question {payload}"[:150], "body": payload}
    )
    assert response.status_code == 302
    thread_url = response["Location"]
    reply = signed_in.post(thread_url + "reply/", {"body": f"Also {payload}"})
    assert reply.status_code == 302
    comment_id = reply["Location"].split("#comment-")[1]

    for url in [
        "/",
        "/c/treatment/",
        thread_url,
        "/u/hannah_mmn/",
        f"/comments/{comment_id}/edit/",
        f"/comments/{comment_id}/delete/",
    ]:
        page = signed_in.get(url)
        assert page.status_code == 200, url
        assert_no_active_content(page.content.decode())


ADMIN_SCRIPTS = ("/static/admin/", "/admin/jsi18n/")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_earlier_text_with_a_payload_is_inert_in_the_admin(
    signed_in, admin_client, assert_no_active_content, member, thread, payload
):
    opening = thread.comments.get()
    signed_in.post(f"/comments/{opening.pk}/edit/", {"body": payload})
    signed_in.post(f"/comments/{opening.pk}/edit/", {"body": "Harmless again."})

    response = admin_client.get(f"/admin/forum/comment/{opening.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert_no_active_content(html, trusted_scripts=ADMIN_SCRIPTS)
    assert escape(payload).replace("\n", "<br>") in html, "shown, as text"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_thread_title_payload_is_inert_in_the_admin_lists(
    admin_client, assert_no_active_content, member, make_thread, payload
):
    thread = make_thread(member, title=f"Hello {payload}"[:150], body=payload)

    for url in [
        "/admin/forum/thread/",
        f"/admin/forum/thread/{thread.pk}/change/",
        "/admin/forum/comment/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_no_active_content(response.content.decode(), trusted_scripts=ADMIN_SCRIPTS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_bio_payload_is_inert_on_the_profile(
    client, page_of, assert_no_active_content, member, payload
):
    member.bio = f"About me: {payload}"
    member.save()

    response = client.get("/u/hannah_mmn/")

    assert response.status_code == 200
    assert_no_active_content(response.content.decode())
    assert "About me:" in page_of(response).text


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>",
        '"><script>alert(1)</script>',
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "javascript:alert(1)",
        'x"onmouseover="alert(1)',
        "a<b",
        "&lt;b&gt;",
    ],
)
def test_display_name_with_markup_is_refused_at_sign_up(client, db, assert_no_active_content, name):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "xss@example.org",
            "display_name": name,
            "password1": "grip-aid-kitchen-42",
            "password2": "grip-aid-kitchen-42",
            "role": "mmn",
            "accept_terms": "on",
            "consent_health_data": "on",
        },
    )

    assert response.status_code == 200
    assert "Use letters and numbers" in response.content.decode()
    assert_no_active_content(response.content.decode())
    assert not User.objects.exists()


def test_display_name_with_markup_cannot_be_saved_through_the_model_either(db):
    with pytest.raises(Exception, match="Use letters and numbers"):
        User.objects.create_user(
            email="xss@example.org", password=None, display_name="<script>alert(1)</script>"
        )


def test_links_in_comments_are_marked_nofollow_ugc_noopener(client, page_of, member, make_thread):
    thread = make_thread(
        member, body="See [the MMN charity](https://www.example.org/mmn) for more."
    )

    page = page_of(client.get(thread.get_absolute_url()))

    [link] = [link for link in page.links if link["href"] == "https://www.example.org/mmn"]
    assert link["text"] == "the MMN charity"
    assert {"nofollow", "ugc", "noopener"} <= set(link["rel"].split())


def test_dangerous_link_loses_its_address_but_keeps_its_words(client, page_of, member, make_thread):
    thread = make_thread(
        member, body="Click [here](javascript:alert(1)) and [there](https://ok.example)."
    )

    page = page_of(client.get(thread.get_absolute_url()))

    body = page.texts_of("comment-body")[0]
    assert "here" in body
    assert "https://ok.example" in [link["href"] for link in page.links]
    assert not any("javascript" in (link["href"] or "").lower() for link in page.links)


def test_pages_with_every_payload_at_once_stay_inert(
    client, assert_no_active_content, member, other_member, make_thread
):
    """One busy thread page, for a last look at everything together."""
    thread = make_thread(member, title="All of them", body="\n\n".join(PAYLOADS))
    for payload in PAYLOADS:
        services.comment_create(author=other_member, thread=thread, body=payload)
    Thread.objects.filter(pk=thread.pk).update(title=PAYLOADS[0])

    for url in ["/", "/c/treatment/", thread.get_absolute_url()]:
        assert_no_active_content(client.get(url).content.decode())


@pytest.mark.parametrize(
    "html",
    [
        "<p>hi</p><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)></svg>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<iframe src=/></iframe>",
        '<div style="background:url(javascript:alert(1))">',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    ],
)
def test_the_active_content_check_itself_catches_each_kind(assert_no_active_content, html):
    """The check above is only worth something if it fails on what it looks for."""
    with pytest.raises(AssertionError):
        assert_no_active_content(f"<html><body>{html}</body></html>")
