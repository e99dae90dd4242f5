def test_home_lists_categories_and_disclaimer(client, db):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Treatment (IVIg, steroids, therapy)" in text
    assert "not medical advice" in text


def test_member_starts_thread_and_another_replies(client, member, other_member, category):
    client.force_login(member)
    response = client.post(
        f"/c/{category.slug}/new/",
        {"title": "Grip aids that actually help", "body": "I use a **foam** tube on my pen."},
    )
    assert response.status_code == 302
    thread_url = response["Location"]
    client.force_login(other_member)
    response = client.post(thread_url + "reply/", {"body": "Thanks, trying it today."})
    assert response.status_code == 302
    page = client.get(thread_url).content.decode()
    assert "<strong>foam</strong>" in page
    assert "Thanks, trying it today." in page
    assert "hannah_mmn" in page and "carer_dave" in page
