"""The demo community that `manage.py load_demo_content` writes: members, threads and replies.

Plain data, so it can be read and reviewed like the forum it becomes. Everyone here is invented;
their email addresses are on the reserved example.org domain and never shown on a page.

Times are relative to the moment the command runs: a thread starts `days_ago`, and each reply comes
`hours_later` than the post before it, so the forum looks lived-in whenever it is loaded. Members
speak from their own experience; the one clinician says plainly that she is not advising anyone.
"""

import re
from dataclasses import dataclass
from textwrap import dedent

from accounts.models import Region, Role

EMAIL_DOMAIN = "example.org"
MODERATOR_EMAIL = f"moderator@{EMAIL_DOMAIN}"
MODERATOR_DISPLAY_NAME = "kath_volunteer"  # names that sound like a site role are refused
MODERATOR_BIO = (
    "A volunteer moderator, not a clinician. I'm here to keep the forum kind, safe and on topic. "
    "If something worries you, please flag it."
)


_LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s")


def _text(source: str) -> str:
    """Markdown as a member would type it, from a block wrapped to fit this file.

    Members type each paragraph or list item as one line; the edit form and the API show that
    source, so the wrapping here is undone rather than stored.
    """
    lines: list[str] = []
    for line in dedent(source).strip().splitlines():
        text = line.strip()
        if text and lines and lines[-1] and not _LIST_ITEM.match(line):
            lines[-1] = f"{lines[-1]} {text}"
        else:
            lines.append(line.rstrip())
    return "\n".join(lines)


@dataclass(frozen=True)
class DemoMember:
    display_name: str
    role: str
    region: str
    joined_days_ago: int
    bio: str

    @property
    def email(self) -> str:
        return f"{self.display_name}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class DemoReply:
    author: str
    hours_later: float
    body: str


@dataclass(frozen=True)
class DemoThread:
    category: str
    author: str
    title: str
    days_ago: float
    body: str
    replies: tuple[DemoReply, ...]


MEMBERS: tuple[DemoMember, ...] = (
    DemoMember(
        "rob_from_leeds",
        Role.PERSON_WITH_MMN,
        Region.UK,
        110,
        "Retired joiner from Leeds. It took eighteen months, and a long spell of being told it "
        "might be motor neurone disease, to get my MMN diagnosis. IVIg every four weeks. Happy to "
        "talk kitchens, tools and stubbornness.",
    ),
    DemoMember(
        "priya_s",
        Role.PERSON_WITH_MMN,
        Region.UK,
        75,
        "Software tester in Bristol. Right hand and wrist first, now a little of the left. "
        "Diagnosed last year. I make lists about everything, infusion days included.",
    ),
    DemoMember(
        "marta_nl",
        Role.PERSON_WITH_MMN,
        Region.EU,
        95,
        "Living near Utrecht. MMN for about ten years; I moved from hospital IVIg to "
        "subcutaneous infusions at home two years ago. I like reading the research, slowly.",
    ),
    DemoMember(
        "dan_in_ohio",
        Role.PERSON_WITH_MMN,
        Region.US,
        60,
        "Dad of two in Columbus, Ohio. Left hand and forearm weakness, cramps in the evenings. "
        "Diagnosed three years ago after an ALS scare. IVIg every three weeks.",
    ),
    DemoMember(
        "gwen_knits",
        Role.PERSON_WITH_MMN,
        Region.UK,
        120,
        "Retired primary school teacher in Carmarthenshire. Weakness in both hands, worse on the "
        "left. Still knitting, with thicker needles and more swearing.",
    ),
    DemoMember(
        "tomasz_w",
        Role.PERSON_WITH_MMN,
        Region.EU,
        7,
        "Electrician from Gdańsk, living in Cork. Diagnosed very recently after nerve conduction "
        "studies. Still learning what any of it means.",
    ),
    DemoMember(
        "aroha_nz",
        Role.PERSON_WITH_MMN,
        Region.OTHER,
        28,
        "Librarian from Wellington, New Zealand. MMN in my right arm, and lately a bit of the left "
        "foot. Keen gardener, slower than I used to be.",
    ),
    DemoMember(
        "sue_and_mike",
        Role.CARER,
        Region.UK,
        100,
        "Mike's wife and, since his diagnosis five years ago, his part-time carer. We live in "
        "Norfolk. I'm here for the practical stuff, and for the days when I need to talk to people "
        "who get it.",
    ),
    DemoMember(
        "jamie_for_mum",
        Role.CARER,
        Region.UK,
        55,
        "My mum was diagnosed with MMN two years ago. I live twenty minutes away and help with "
        "shopping, appointments and the odd stubborn jar.",
    ),
    DemoMember(
        "lena_b",
        Role.CARER,
        Region.EU,
        70,
        "Berlin. My partner Jonas has MMN; I'm the one who remembers the infusion dates. I work in "
        "social care, which sometimes helps and sometimes doesn't.",
    ),
    DemoMember(
        "beth_in_texas",
        Role.CARER,
        Region.US,
        65,
        "My dad has lived with MMN for eleven years. I drive him to his infusions and keep a "
        "spreadsheet of everything, which he pretends not to need.",
    ),
    DemoMember(
        "alison_cns",
        Role.CLINICIAN,
        Region.UK,
        115,
        "Neuromuscular clinical nurse specialist in the NHS. I post here in a personal capacity: I "
        "can share general information and what I see in clinic, but nothing I write is advice "
        "about your own care. Please take questions about your treatment to your own team.",
    ),
)


THREADS: tuple[DemoThread, ...] = (
    # Introductions
    DemoThread(
        category="introductions",
        author="rob_from_leeds",
        title="Hello from Leeds: six years since my diagnosis and still tinkering",
        days_ago=44.3,
        body=_text("""
            Hello all. I'm Rob, retired joiner, Yorkshire born and bred.

            My MMN started in my right hand: I kept dropping screws and thought I was just getting
            old. It took eighteen months to get a name for it, and there was a grim stretch in the
            middle where motor neurone disease was mentioned. I'll write that part up in the
            diagnosis section, because I think it matters for newer folk.

            These days I have IVIg every four weeks at the day unit. My grip isn't what it was, but
            I've adapted most of the workshop and the kitchen, and I'm glad to share what's worked.

            Nice to have somewhere to talk to people who know what "conduction block" means without
            needing the leaflet.
        """),
        replies=(
            DemoReply(
                "gwen_knits",
                5,
                _text("""
                    Croeso, Rob! Welcome. For me it was dropped stitches rather than dropped screws,
                    but the same idea. Looking forward to the kitchen tips: mine could do with some.
                """),
            ),
            DemoReply(
                "alison_cns",
                9.5,
                _text("""
                    Welcome, Rob. Thank you for offering to write up the diagnosis part. People in
                    the middle of that uncertainty often tell me that hearing from someone further
                    along helps more than anything we say in clinic.
                """),
            ),
            DemoReply(
                "priya_s",
                20,
                _text("""
                    Hello! Another one who thought it was just clumsiness. I'd love a list of the
                    workshop adaptations some time.
                """),
            ),
        ),
    ),
    DemoThread(
        category="introductions",
        author="aroha_nz",
        title="Kia ora from Wellington",
        days_ago=27.1,
        body=_text("""
            Kia ora koutou. I've been reading quietly for a few weeks and have finally made an
            account. Librarian, gardener, MMN for several years, mostly in my right arm.

            It's lovely to find a group where the time zones mean someone is always awake. Thank
            you for all the practical posts: the thread about grip aids and jar openers has already
            changed my breakfast.
        """),
        replies=(
            DemoReply(
                "dan_in_ohio",
                6,
                _text("""
                    Welcome! I'm usually the one awake at 2am with cramps, so we can keep each other
                    company across the time zones.
                """),
            ),
            DemoReply(
                "gwen_knits",
                14.5,
                _text("""
                    Croeso, Aroha. Another gardener! Have you tried the long-handled tools with an
                    arm-support cuff? They changed my weeding completely.
                """),
            ),
        ),
    ),
    DemoThread(
        category="introductions",
        author="tomasz_w",
        title="Newly diagnosed and a bit overwhelmed",
        days_ago=6.2,
        body=_text("""
            Hi everyone. I'm Tomasz, an electrician, originally from Poland and living in Cork for
            the last ten years.

            Last month my neurologist said the nerve tests show MMN. My left hand has been getting
            weaker for about a year: I can't hold small screwdrivers properly, and my fingers
            sometimes twitch by themselves. I start IVIg in two weeks.

            Honestly, I was relieved to have a name, and then scared, and then I spent three nights
            reading things online that I should not have read. My wife told me to find real people
            instead. So here I am.

            What do you wish you had known in your first months?
        """),
        replies=(
            DemoReply(
                "rob_from_leeds",
                2,
                _text("""
                    Welcome, Tomasz. Your wife is a wise woman. Three things from me, for what
                    they're worth:

                    1. **Keep a simple diary** of what your hands can and can't do. It made my
                       appointments far more useful.
                    2. Don't judge the IVIg on the first round. For me it took a few cycles to see a
                       pattern.
                    3. Tell your employer early if you can. It was easier than I feared.

                    And stay off the 3am searches. We're better company.
                """),
            ),
            DemoReply(
                "marta_nl",
                4,
                _text("""
                    Hello from the Netherlands! Relief, then fear, then far too much reading: that
                    was exactly my first month too. It does settle. If you don't have a specialist
                    nurse yet, ask your team whether there is one; mine has been my lifeline for
                    questions between appointments.
                """),
            ),
            DemoReply(
                "sue_and_mike",
                7.5,
                _text("""
                    Welcome. My husband Mike was an electrician too. These days he does the planning
                    and his old apprentice does the fiddly bits. There is a way through, even if it
                    looks different. Give yourself time.
                """),
            ),
            DemoReply(
                "alison_cns",
                11,
                _text("""
                    Welcome, Tomasz. Feeling relieved and frightened at once is very common. It's
                    worth writing your questions down before each appointment, and asking your team
                    who to contact between appointments if something changes.

                    Everyone's course is different, so be a little wary of comparing yourself with
                    anyone else, including the people here, kind as they are.
                """),
            ),
        ),
    ),
    # Newly diagnosed & diagnosis
    DemoThread(
        category="diagnosis",
        author="dan_in_ohio",
        title="They told me it might be ALS before it turned out to be MMN",
        days_ago=38.4,
        body=_text("""
            I want to write this down for anyone who is where I was three years ago.

            My left hand started going weak, then the twitching started in my forearm. The first
            neurologist I saw watched the twitching, did a quick EMG and said the words "we need to
            consider ALS". He was careful about it, but I heard nothing else for the rest of that
            appointment.

            I spent four months thinking I was dying. I made a will. I recorded videos for my kids.

            A second neurologist, at a specialist neuromuscular clinic, did much more detailed nerve
            conduction studies and found **conduction block** in a couple of nerves, and my anti-GM1
            antibodies came back high. The diagnosis was MMN. I started IVIg and some of my grip
            came back over the next few months.

            I'm not saying anyone's ALS worry will turn out like mine. I'm saying that if you've
            been told "it might be", it's fair to ask whether a specialist opinion would help.
            That's what I wish someone had told me sooner.
        """),
        replies=(
            DemoReply(
                "rob_from_leeds",
                3,
                _text("""
                    Same here, Dan, only over here they call it MND. It hung over us for the best
                    part of a year. My GP was the one who pushed for a referral to a specialist
                    centre. I still remember the drive home after I first heard "MMN": I had to
                    pull into a lay-by because I was laughing and crying at the same time.
                """),
            ),
            DemoReply(
                "beth_in_texas",
                5.5,
                _text("""
                    Reading this as the daughter: Dad got the ALS conversation too, eleven years
                    ago. The not-knowing was the worst part for the whole family. Thank you for
                    writing it down so clearly.
                """),
            ),
            DemoReply(
                "alison_cns",
                4,
                _text("""
                    Thank you for sharing this, Dan. Something general, not about anyone's own
                    case: these conditions can look alike early on, and detailed nerve studies are a
                    big part of how neurologists tell them apart.

                    If you're in that uncertain stretch now, it is entirely reasonable to ask your
                    neurologist how they are ruling things in or out, and whether a specialist
                    neuromuscular opinion would help.
                """),
            ),
            DemoReply(
                "priya_s",
                18,
                _text("""
                    I got a softer version ("we want to rule out a few things, including motor
                    neurone disease") and even that floored me for weeks. Thank you for posting,
                    Dan. Your kids are lucky to have those videos anyway.
                """),
            ),
        ),
    ),
    DemoThread(
        category="diagnosis",
        author="priya_s",
        title="Negative anti-GM1 antibody test: did anyone else have that?",
        days_ago=19.6,
        body=_text("""
            My blood test for anti-GM1 antibodies came back negative, but my neurologist still
            thinks it's MMN because of the nerve studies and the pattern of weakness.

            I keep wondering whether that makes my diagnosis "less certain". Did anyone else have a
            negative antibody test?
        """),
        replies=(
            DemoReply(
                "marta_nl",
                5,
                _text("""
                    Mine was negative too. My neurologist explained that the diagnosis rests on the
                    whole picture, not one blood test, and that reassured me. For what it's worth,
                    the IVIg has helped me a lot.
                """),
            ),
            DemoReply(
                "alison_cns",
                4.5,
                _text("""
                    A common worry. Speaking generally: antibody tests are one piece of evidence
                    among several. Your neurologist is the right person to explain how they weighed
                    your results, and it is a perfectly good question to take to your next
                    appointment.
                """),
            ),
            DemoReply(
                "dan_in_ohio",
                16,
                _text("""
                    I was positive, and my neurologist still said the conduction studies mattered
                    more to her. It sounds as if yours is looking at the whole picture.
                """),
            ),
        ),
    ),
    DemoThread(
        category="diagnosis",
        author="tomasz_w",
        title="Tips for getting through a repeat nerve conduction study and EMG?",
        days_ago=4.1,
        body=_text("""
            My neurologist wants to repeat the nerve conduction studies in a few months to see how
            the IVIg is doing. The first time, I didn't know what to expect and I was very tense,
            which I think made it worse.

            For those who've had several: any tips? Does it help to be warm? Should I take someone
            with me?
        """),
        replies=(
            DemoReply(
                "gwen_knits",
                3,
                _text("""
                    I've had four now. What helps me:

                    - **Warm hands.** They once asked me to soak mine in warm water before starting,
                      so now I wear gloves on the way in.
                    - Loose sleeves that roll right up.
                    - Telling them I'm nervous. My last technician talked me through each pulse
                      before it came.
                    - Planning nothing for the afternoon. I'm always more tired than I expect.
                """),
            ),
            DemoReply(
                "priya_s",
                3.5,
                _text("""
                    For me the electrical pulses are strange rather than awful; the EMG needle was
                    the part I disliked. I took my sister and we went for cake afterwards. I
                    strongly recommend the cake.
                """),
            ),
            DemoReply(
                "alison_cns",
                6,
                _text("""
                    Good tips above. The department doing the test usually sends information
                    beforehand about what to wear and whether to skip hand cream that day; ring them
                    if it hasn't arrived. Asking the person doing the test to explain each step as
                    they go is completely fine.
                """),
            ),
        ),
    ),
    # Symptoms
    DemoThread(
        category="symptoms",
        author="gwen_knits",
        title="Cramps at night: what helps you?",
        days_ago=12.4,
        body=_text("""
            The cramps have been bad this month: my hands mostly, and sometimes my forearm locks up
            when I'm knitting in the evening. Last night they woke me twice.

            Things I've tried so far, with mixed results:

            - gentle stretching before bed
            - a hot water bottle on the forearm
            - no knitting after 8pm (tragic)

            I'm seeing my neurologist next month and will ask there, but I'd love to hear what
            people do day to day.
        """),
        replies=(
            DemoReply(
                "dan_in_ohio",
                2,
                _text("""
                    Evenings are my worst too. Gently stretching my fingers back flat on the table
                    helps me ride it out. I've also noticed they're worse on days when I've overdone
                    it in the garden, so pacing is half of it for me.
                """),
            ),
            DemoReply(
                "aroha_nz",
                5,
                _text("""
                    Warmth helps me more than anything: I keep a wheat bag by the bed. My physio
                    also gave me a few gentle exercises that seem to make them less frequent, but
                    she chose them for me, so I'd ask yours rather than copy mine.
                """),
            ),
            DemoReply(
                "rob_from_leeds",
                8,
                _text("""
                    I put up with mine for a year thinking they were just part of the package
                    before I mentioned them to my neurologist, and she went through a few things
                    with me. Definitely worth raising, Gwen.
                """),
            ),
            DemoReply(
                "alison_cns",
                5.5,
                _text("""
                    Cramps come up a lot in clinic. As Rob says, they're worth raising: your
                    neurologist or GP can look at your own situation, including any other medicines
                    you take. Do mention it if they're becoming more frequent or changing.
                """),
            ),
        ),
    ),
    DemoThread(
        category="symptoms",
        author="priya_s",
        title="Weak grip in one hand but the other is fine: is that how it started for you?",
        days_ago=25.3,
        body=_text("""
            My right hand has been weaker than my left for two years now: buttons, bottle tops,
            holding a mug for long. The left is mostly fine, though it has started to tire.

            The lopsidedness still puzzles people, including me. How did it start for others, and
            did it spread?
        """),
        replies=(
            DemoReply(
                "marta_nl",
                4,
                _text("""
                    Right hand first for me too, the muscles that lift the fingers, so my wrist
                    drooped on bad days. My left hand got involved a few years later, but much less.
                    Everyone's pattern seems to be different.
                """),
            ),
            DemoReply(
                "rob_from_leeds",
                7,
                _text("""
                    Right hand, then right forearm, then a little in the left. Treatment has kept
                    things fairly steady for me for the last three years. I still can't hold a pint
                    in my right hand, which my friends find hilarious.
                """),
            ),
            DemoReply(
                "aroha_nz",
                11,
                _text("""
                    Right arm and then, oddly, my left foot: I catch it on the kerb when I'm tired.
                    A useful reminder that it isn't only hands.
                """),
            ),
        ),
    ),
    DemoThread(
        category="symptoms",
        author="dan_in_ohio",
        title="Does the fatigue feel different from the weakness for you?",
        days_ago=3.2,
        body=_text("""
            Something I struggle to explain at work: there's the weakness in my hand, which is
            fairly predictable, and then there's a whole-body tiredness that comes in waves and
            isn't the same thing at all.

            Do others notice that difference? How do you explain it to people?
        """),
        replies=(
            DemoReply(
                "lena_b",
                3,
                _text("""
                    From the partner's side, I can see the difference now. Weakness is "I can't open
                    this"; the fatigue is Jonas sitting down halfway through a sentence. We started
                    calling the second one "low battery", so he doesn't have to explain every time.
                """),
            ),
            DemoReply(
                "priya_s",
                6,
                _text("""
                    Yes! I tell colleagues "my hand is a bit broken, and separately my battery is
                    small". Putting it that way finally made it click for my manager.
                """),
            ),
        ),
    ),
    # Treatment (IVIg, steroids, therapy)
    DemoThread(
        category="treatment",
        author="rob_from_leeds",
        title="IVIg schedules: every three weeks, four weeks, or something else?",
        days_ago=35.2,
        body=_text("""
            I'm curious how everyone's IVIg is scheduled, because it seems to vary a lot.

            Mine is **every four weeks**: two days in a row at the hospital day unit, about four
            hours each day. Last year we tried stretching it to five weeks, and by week four my grip
            was noticeably worse, so we went back.

            If you're happy to share:

            - how often
            - how long each session takes
            - hospital, infusion centre or at home

            I know the dose and timing are between each of us and our own neurologist. I'm just
            interested in how it fits around life.
        """),
        replies=(
            DemoReply(
                "dan_in_ohio",
                4,
                _text("""
                    Every three weeks here, one long day at an infusion centre. My insurer wanted a
                    lot of paperwork before approving it, which is a whole other thread. In the last
                    few days before an infusion my hand gets weaker; my neurologist calls it
                    "wearing off" and we keep an eye on it together.
                """),
            ),
            DemoReply(
                "marta_nl",
                2.5,
                _text("""
                    I switched to subcutaneous immunoglobulin (SCIg) at home two years ago: smaller
                    amounts twice a week, with a little pump. It took a few training sessions with a
                    nurse. I like that there's no big day any more, but it isn't for everyone, and
                    it was my neurologist's decision as much as mine.
                """),
            ),
            DemoReply(
                "priya_s",
                3,
                _text("""
                    Every three weeks, one day, around five hours. I book the first slot of the
                    morning so I'm home by mid-afternoon.
                """),
            ),
            DemoReply(
                "alison_cns",
                5,
                _text("""
                    It's lovely to see the range here. Schedules really do vary from person to
                    person, and teams adjust them according to how someone responds, so please
                    don't read anything into a difference between yours and someone else's. If you
                    notice a pattern, like Dan's dip at the end of a cycle, your diary is the best
                    thing to bring to your next review.
                """),
            ),
        ),
    ),
    DemoThread(
        category="treatment",
        author="priya_s",
        title="Infusion-day fatigue: how do you plan around it?",
        days_ago=9.3,
        body=_text("""
            I've been on IVIg for a year and I've finally accepted that infusion day and the two
            days after are a write-off for me: headache, heavy tiredness, a feeling like mild flu.
            It settles, and the treatment helps my hand a lot, so I'm not complaining. I just want
            to plan better.

            What I do now:

            1. Fill a big bottle of water the night before (my infusion nurse suggested drinking
               plenty).
            2. Batch-cook something at the weekend.
            3. No meetings the day after. My manager knows.

            What's in your infusion-day kit, and how do you plan the days after?
        """),
        replies=(
            DemoReply(
                "gwen_knits",
                3,
                _text("""
                    My kit: a cardigan (the day unit is freezing), a large-print book, mints, a
                    phone charger with a long lead and an eye mask. The day after, I let myself do
                    nothing more ambitious than soup.
                """),
            ),
            DemoReply(
                "dan_in_ohio",
                2.5,
                _text("""
                    Same pattern for me: the day after is the worst, so I book it as a
                    work-from-home day. The infusion centre also lets me put my feet up, which I
                    never thought to ask for in the first year.
                """),
            ),
            DemoReply(
                "sue_and_mike",
                6,
                _text("""
                    From the carer's seat: I've learnt not to plan anything for the day after
                    Mike's infusion. We used to try a meal out and he'd be asleep by the starter.
                    Now it's a film on the sofa, and that's fine.
                """),
            ),
            DemoReply(
                "rob_from_leeds",
                7,
                _text("""
                    The headaches were worse in my first year and eased off after that. If yours are
                    bad, tell the nurses on the unit. They changed a couple of things for me and it
                    made a real difference.
                """),
            ),
        ),
    ),
    DemoThread(
        category="treatment",
        author="jamie_for_mum",
        title="Is an occupational therapy assessment worth asking for?",
        days_ago=22.5,
        body=_text("""
            Mum's neurologist mentioned that an occupational therapist "might be useful", but
            nothing has come through. Mum says she doesn't want a fuss.

            Has anyone had an OT assessment, and did it actually help with day-to-day things?
        """),
        replies=(
            DemoReply(
                "gwen_knits",
                5,
                _text("""
                    Yes, ask for it (gently!). My OT came to the house, watched me make a cup of tea
                    and came back with a list of small things I'd never have thought of: a kettle
                    tipper, a perching stool, lever taps. She didn't make a fuss, she made things
                    easier. That might be the way to put it to your mum.
                """),
            ),
            DemoReply(
                "alison_cns",
                3.5,
                _text("""
                    Occupational therapists are often among the most practically useful people for
                    anyone with hand weakness. If a referral was mentioned but hasn't arrived, your
                    mum (or you, with her permission) can ask the neurology team or her GP how to
                    chase it.
                """),
            ),
            DemoReply(
                "rob_from_leeds",
                17,
                _text("""
                    My OT looked at the workshop too, not just the house. Worth every minute.
                """),
            ),
        ),
    ),
    # Living with MMN
    DemoThread(
        category="living-with-mmn",
        author="rob_from_leeds",
        title="Adapting the kitchen: what made the biggest difference?",
        days_ago=41.1,
        body=_text("""
            Last year I redid our kitchen with my weak right hand in mind. I had help with the
            heavy work, but I planned it all, and here's what has made the most difference so far,
            roughly in order:

            1. **Lever taps** instead of the old twist ones.
            2. **D-shaped handles** on every cupboard and drawer, so I can hook my fingers through
               rather than grip.
            3. Everyday pans and plates moved to waist height: no lifting down from high shelves.
            4. A **kettle tipper**, so I never lift a full kettle.
            5. A perching stool by the hob for the tired days.

            None of it cost a fortune apart from the taps. What have you changed in your kitchens?
        """),
        replies=(
            DemoReply(
                "jamie_for_mum",
                4,
                _text("""
                    This list is brilliant, thank you. We fitted D-handles at Mum's last weekend and
                    she said "oh, that's better" about four times, which for her is a standing
                    ovation.
                """),
            ),
            DemoReply(
                "gwen_knits",
                5,
                _text("""
                    An electric tin opener, and spring-loaded scissors for opening packets. I also
                    keep a **non-slip mat** on the worktop so bowls don't wander off while I stir.
                """),
            ),
            DemoReply(
                "lena_b",
                11,
                _text("""
                    We swapped our heavy cast-iron pans for light ones with two handles, and Jonas
                    uses a rocker knife for chopping. Small things, but he can cook on his own
                    again, and that matters to him a lot.
                """),
            ),
            DemoReply(
                "priya_s",
                9,
                _text("""
                    Saving this whole thread. I'd also like to recommend frozen pre-chopped onions.
                    No shame.
                """),
            ),
        ),
    ),
    DemoThread(
        category="living-with-mmn",
        author="gwen_knits",
        title="Grip aids that actually work: foam tubing, key turners, jar openers",
        days_ago=33.4,
        body=_text("""
            I thought I'd start a list of the grip aids people actually use, rather than the ones
            that end up in a drawer. Here's mine:

            - **Foam tubing** on cutlery, pens, my toothbrush and crochet hooks. You buy it by the
              metre and cut it to size. The cheapest change, and the biggest difference.
            - **Key turner**: a chunky handle the front door key sits in. No more fighting the
              lock in the rain.
            - **Jar opener**: the V-shaped kind fixed under a cupboard. You push the lid in and
              turn the jar with both hands.
            - A **tap turner** for the bathroom (no lever taps in there yet).
            - A ring-pull opener, because ring-pulls and my fingers are not friends.

            Please add yours, and say what didn't work for you too.
        """),
        replies=(
            DemoReply(
                "priya_s",
                3,
                _text("""
                    Foam tubing on my stylus and my fork. And a wide, soft-grip pen for signing
                    things at work: my signature looks like mine again.
                """),
            ),
            DemoReply(
                "dan_in_ohio",
                4,
                _text("""
                    A button hook for shirts. It took me a week to get the knack, and now I wonder
                    how I managed without it. What didn't work for me: an electric jar opener. Too
                    slow and too loud.
                """),
            ),
            DemoReply(
                "marta_nl",
                6,
                _text("""
                    A long-handled grabber for the lower cupboards and the garden, and a bread board
                    with a corner guard so the loaf doesn't slide away when I cut it.
                """),
            ),
            DemoReply(
                "jamie_for_mum",
                8,
                _text("""
                    I bought Mum a key turner off the back of this. She was sceptical, and now she's
                    bought one for her sister, who hasn't even got MMN.
                """),
            ),
        ),
    ),
    DemoThread(
        category="living-with-mmn",
        author="priya_s",
        title="Telling work about MMN, and asking for adjustments",
        days_ago=16.2,
        body=_text("""
            I finally had the conversation with my manager last month. I'm sharing it in case it
            helps anyone who is putting it off, as I did for a year.

            What I asked for:

            - a **vertical mouse** and a split keyboard
            - voice dictation software for long documents
            - the day after an infusion as a home-working day
            - no back-to-back meetings in infusion weeks

            It went better than I'd feared. In the UK, [Access to Work](https://www.gov.uk/access-to-work)
            helped with the cost of the equipment.

            Has anyone else been through this, in the UK or elsewhere?
        """),
        replies=(
            DemoReply(
                "dan_in_ohio",
                5,
                _text("""
                    In the US I went through HR with a letter from my neurologist asking for
                    reasonable accommodations. A similar list to yours, plus a parking space nearer
                    the door for the bad weeks. My team were kinder than I expected.
                """),
            ),
            DemoReply(
                "rob_from_leeds",
                5,
                _text("""
                    I was self-employed, so it was me negotiating with me, which was harder than
                    you'd think. Good on you for asking, Priya.
                """),
            ),
            DemoReply(
                "lena_b",
                14,
                _text("""
                    Saving this for Jonas. He's been putting it off too, and a concrete list makes
                    it feel less like asking for a favour.
                """),
            ),
        ),
    ),
    # Carers & family
    DemoThread(
        category="carers-and-family",
        author="sue_and_mike",
        title="A carer's perspective: the parts nobody warns you about",
        days_ago=24.2,
        body=_text("""
            Mike was diagnosed five years ago. I love him, I'd do it all again, and some of it is
            hard. I wanted somewhere to say the hard bits out loud, so here goes:

            - **The invisible days.** Mike looks fine to everyone else. They don't see him resting
              for an hour after putting his shoes on.
            - **Being the memory.** Appointment dates, infusion dates, which hand was worse in
              March. I keep a notebook now.
            - **Not taking over.** It's quicker if I do the buttons. It isn't better.
            - **Looking after me.** I let my own health slide for two years. Don't do that.

            What helped: a carer's assessment from the council, a fortnightly swim that is just
            mine, and [Carers UK](https://www.carersuk.org/) for the practical side.

            Other carers, how are you doing? Really?
        """),
        replies=(
            DemoReply(
                "lena_b",
                6,
                _text("""
                    "It's quicker if I do the buttons. It isn't better." I needed to read that
                    today. Really? Tired, but better than last year. We've found a rhythm around the
                    infusions, and I've gone back to choir on Thursdays.
                """),
            ),
            DemoReply(
                "beth_in_texas",
                6,
                _text("""
                    Being the memory, yes. Dad and I share a calendar now, so he can see what's
                    coming, and my nagging has turned into "check the calendar". He's happier, and
                    so am I.
                """),
            ),
            DemoReply(
                "jamie_for_mum",
                6,
                _text("""
                    I'm newer to this than you, Sue, but the notebook idea is going in straight
                    away. And the swim. Maybe not a swim. Something that's just mine.
                """),
            ),
            DemoReply(
                "gwen_knits",
                12,
                _text("""
                    From the other side of it: thank you for writing this. My husband does so much
                    that I don't see. I'm going to show him this thread and then make him a cup of
                    tea, with my kettle tipper.
                """),
            ),
        ),
    ),
    DemoThread(
        category="carers-and-family",
        author="jamie_for_mum",
        title="Helping Mum without taking over",
        days_ago=14.3,
        body=_text("""
            Mum is fiercely independent and I'm trying to get the balance right. Some days I help
            too much and she's annoyed; other days I step back and then feel guilty when she's
            struggled with something.

            How do other carers, and people with MMN, work out where the line is?
        """),
        replies=(
            DemoReply(
                "rob_from_leeds",
                4,
                _text("""
                    Speaking as the stubborn one: ask, don't assume. My daughter says "want a hand,
                    or shall I leave you to it?" and I honestly answer differently on different
                    days. Being asked is what keeps it my choice.
                """),
            ),
            DemoReply(
                "sue_and_mike",
                4,
                _text("""
                    What Rob said. We also agreed on a few things that are always Mike's job, even
                    if they take him longer: the bins, the coffee, choosing the music in the car. It
                    sounds silly, but it matters.
                """),
            ),
            DemoReply(
                "beth_in_texas",
                11,
                _text("""
                    Dad and I have a rule: I'm allowed to offer once. If he says no, I drop it. It
                    took me a while to stick to it, but it stopped a lot of arguments.
                """),
            ),
        ),
    ),
    DemoThread(
        category="carers-and-family",
        author="lena_b",
        title="Partners: how do you live with the worry about the future?",
        days_ago=1.9,
        body=_text("""
            Jonas is doing well on treatment, honestly better than two years ago. But every time he
            drops something, I catch myself wondering whether this is the start of it getting
            worse. I don't say so, because he has enough to carry.

            Partners and family: how do you handle that quiet worry?
        """),
        replies=(
            DemoReply(
                "sue_and_mike",
                2,
                _text("""
                    Oh, I know that feeling. What helped me was eventually saying it to Mike,
                    gently. It turned out he was worrying about me worrying. Now we talk about it
                    properly once a month over a curry, instead of carrying it around all the time.
                """),
            ),
            DemoReply(
                "beth_in_texas",
                3,
                _text("""
                    Eleven years in with Dad, and the things I worried about most mostly didn't
                    happen the way I pictured them. Some harder things did, and we managed those
                    too. Talking to other carers, like here, is what keeps the worry from taking
                    over.
                """),
            ),
            DemoReply(
                "alison_cns",
                4,
                _text("""
                    This is a very common and understandable feeling in families. Any changes you
                    notice are best taken to the neurology team, who know Jonas's history. For the
                    worry itself, your GP can point you towards support for carers or talking
                    therapies if it starts to weigh on you. You don't have to carry it quietly.
                """),
            ),
        ),
    ),
    # Research & news
    DemoThread(
        category="research-and-news",
        author="marta_nl",
        title="A clear overview of MMN from NINDS, and how I read research",
        days_ago=31.2,
        body=_text("""
            People often ask for a reliable place to start reading. The US National Institute of
            Neurological Disorders and Stroke has a short, plain-language page:
            [Multifocal Motor Neuropathy (NINDS)](https://www.ninds.nih.gov/health-information/disorders/multifocal-motor-neuropathy).

            It covers what MMN is, how it is diagnosed and treated, and the research NINDS
            supports. I found it calmer than a lot of what comes up in searches.

            My own rules for reading about MMN online:

            1. Check **who wrote it**, and whether they are selling something.
            2. Look for the date: treatment pages change.
            3. Take anything new to my neurologist, rather than changing anything myself.
        """),
        replies=(
            DemoReply(
                "alison_cns",
                7,
                _text("""
                    A good starting point, and very sensible rules, Marta. I'd add: be wary of
                    anything that promises a cure or tells you to stop a treatment. Reputable
                    sources are clear about what is and isn't known.
                """),
            ),
            DemoReply(
                "priya_s",
                5,
                _text("""
                    Thank you. This is so much better than what I found at 3am last year.
                    Bookmarked.
                """),
            ),
            DemoReply(
                "beth_in_texas",
                12,
                _text("""
                    I've printed this for Dad's sister, who keeps sending him miracle-cure
                    articles. Fingers crossed.
                """),
            ),
        ),
    ),
    DemoThread(
        category="research-and-news",
        author="alison_cns",
        title="Finding research studies you could take part in",
        days_ago=17.4,
        body=_text("""
            A few people have asked me how to find research studies, so here are some general
            pointers. As ever, this is information, not advice about whether a study is right for
            you.

            - **UK:** [Be Part of Research](https://bepartofresearch.nihr.ac.uk/) lists studies
              that are recruiting, searchable by condition and location.
            - **Worldwide:** [ClinicalTrials.gov](https://clinicaltrials.gov/) is a register of
              studies in many countries; search for "multifocal motor neuropathy".
            - Your own neurology team may know of local studies, including ones that involve no
              new treatment at all, such as questionnaires or patient registries.

            Questions worth asking before joining any study: what would be involved, how often you
            would need to travel, whether it could affect your current treatment, and what happens
            when it ends. Please talk any study over with your own neurologist before signing up.
        """),
        replies=(
            DemoReply(
                "marta_nl",
                6,
                _text("""
                    Thank you. Last year I took part in a questionnaire study about fatigue: no new
                    medicine, just forms every three months. It felt good to contribute something.
                """),
            ),
            DemoReply(
                "dan_in_ohio",
                9,
                _text("""
                    I didn't know you could search by condition like that. I'll take your list of
                    questions to my next appointment.
                """),
            ),
        ),
    ),
    # Support & resources
    DemoThread(
        category="support-and-resources",
        author="sue_and_mike",
        title="Support organisations that have helped us",
        days_ago=36.3,
        body=_text("""
            Here are the organisations members have mentioned, gathered in one place. Please add
            yours, especially outside the UK.

            **UK**

            - [GAIN](https://gaincharity.org.uk/): the charity for Guillain-Barré and associated
              inflammatory neuropathies, which include MMN. Information and support for patients
              and families.
            - [Carers UK](https://www.carersuk.org/): for the carer's side, including how to ask
              for a carer's assessment.

            **International**

            - [GBS|CIDP Foundation International](https://www.gbs-cidp.org/): covers MMN too,
              with information and support groups.

            Whatever you use, check that it's current: phone numbers and groups change.
        """),
        replies=(
            DemoReply(
                "beth_in_texas",
                4,
                _text("""
                    In the US the GBS|CIDP Foundation has been good to us. Dad went to a local
                    meeting and, after nine years, met another man with MMN for the first time.
                    They still swap infusion-day jokes by text.
                """),
            ),
            DemoReply(
                "marta_nl",
                6,
                _text("""
                    In the Netherlands I found a patient association for neuromuscular conditions
                    through my hospital's specialist nurse. Ask your nurse what exists where you
                    live: they often know the small local groups that don't show up in searches.
                """),
            ),
            DemoReply(
                "alison_cns",
                10,
                _text("""
                    A helpful list. Many specialist centres also keep details of local patient
                    groups, so do ask at clinic.

                    And if you ever feel in crisis, please don't wait for a reply here: contact your
                    GP, NHS 111, or Samaritans on 116 123 (UK and Ireland), or your local emergency
                    number.
                """),
            ),
        ),
    ),
    DemoThread(
        category="support-and-resources",
        author="gwen_knits",
        title="Blue Badge and PIP: experiences of applying?",
        days_ago=8.2,
        body=_text("""
            I'm thinking about applying for a Blue Badge, and possibly PIP, now that my left hand
            is worse and walking any distance wears me out. The forms look daunting.

            If you've applied with MMN, what helped? I'm not after anyone telling me what I'll get,
            just how you approached it.
        """),
        replies=(
            DemoReply(
                "sue_and_mike",
                3,
                _text("""
                    We did both for Mike. What helped us:

                    - Describe your **worst days** as well as your typical ones, and how often each
                      happens.
                    - Keep a diary for a couple of weeks beforehand. It made the form much easier.
                    - Ask your specialist nurse or GP whether they'd write a supporting letter.

                    The official pages are [PIP on GOV.UK](https://www.gov.uk/pip) and
                    [Blue Badge on GOV.UK](https://www.gov.uk/apply-blue-badge). Citizens Advice
                    helped us with the forms too.
                """),
            ),
            DemoReply(
                "jamie_for_mum",
                6,
                _text("""
                    We're about to do this for Mum. Our local Citizens Advice has booked us in to go
                    through the form together, and the diary tip is going straight on the list.
                """),
            ),
            DemoReply(
                "rob_from_leeds",
                8,
                _text("""
                    It took a while, and I had to ask for my PIP decision to be looked at again the
                    first time, but it was worth sticking with. Good luck, Gwen.
                """),
            ),
        ),
    ),
)
