"""Demo knowledge items, so the library, search and digests have something to show.

Built from the design brief's domain facts and its two press reports; every item says in ``source`` that it is
invented. Published through the services as the demo users (``idn.focal``, ``jpn.focal``,
``secretariat``), so versions, audit events and the search index are what real use produces.
Idempotent: an item found by its title and owning party is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import Meeting
from mufakat.workplans.models import Instrument

from . import services
from .models import Attachment, KnowledgeItem

SOURCE = "Illustrative demo item (issue 4: knowledge exchange), not an official document"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tiny_pdf(lines: list[str]) -> bytes:
    """A small valid one-page PDF with ``lines`` of Latin-1 text (Helvetica), cross-reference
    table included — enough for readers and for pypdf's text extraction."""
    text = " T* ".join(f"({_escape(line)}) Tj" for line in lines)
    stream = f"BT /F1 11 Tf 14 TL 56 780 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@dataclass
class DemoItem:
    author: str
    kind: str
    title: str
    summary: str
    body: str
    audience: str
    tlp: str
    crime_areas: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    language: str = "en"
    meeting: tuple[str, int] | None = None  # (body code, number)
    instrument: str = ""  # instrument key
    pdf: list[str] = field(default_factory=list)
    pdf_name: str = ""
    source: str = SOURCE


ITEMS: tuple[DemoItem, ...] = (
    DemoItem(
        author="idn.focal",
        kind=KnowledgeItem.Kind.GOOD_PRACTICE,
        title="Deradicalisation programmes with families and former detainees",
        summary=(
            "How BNPT works with families, religious leaders and former detainees to help "
            "convicted terrorists return to society."
        ),
        body=(
            "## What we do\n\n"
            "- **Family engagement** before release: social workers meet spouses and parents.\n"
            "- Mentoring by *former detainees* who left violent networks.\n"
            "- Halfway houses that offer vocational training for six months.\n\n"
            "## What we learned\n\n"
            "Programmes work best when local government, police and community leaders plan "
            "the return together. Shared as an example for the work plan on preventing "
            "radicalisation and violent extremism."
        ),
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        crime_areas=("terrorism",),
        parties=("IDN",),
        groups=("ASEAN-JPN",),
        meeting=("SOMTC-WG-CT", 19),
        instrument="poa-pcrve-2018-2025",
        source=SOURCE
        + "; topic from Vietnam News Agency / ANTARA, 19 May 2023 (19th SOMTC WG on CT, Bali, 18 May 2023)",
    ),
    DemoItem(
        author="secretariat",
        kind=KnowledgeItem.Kind.INFORMATION_NOTE,
        title="Priority crime areas after the 19th AMMTC",
        summary="The 19th AMMTC (Melaka, 2025) changed the priority list for the next session.",
        body=(
            "The eight crime areas of 1999 were joined by wildlife and timber trafficking and "
            "people smuggling at the 10th AMMTC (Kuala Lumpur, 2015).\n\n"
            "The 19th AMMTC agreed to drop **sea piracy** and **international economic crime** "
            "from the priority list for the next session, with more focus on cybercrime and "
            "online scams."
        ),
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
        crime_areas=("cybercrime", "sea_piracy", "international_economic_crime"),
        source=SOURCE + "; facts: ASEAN public records (crime areas)",
    ),
    DemoItem(
        author="secretariat",
        kind=KnowledgeItem.Kind.LESSON_LEARNED,
        title="Lessons from the mid-term review of the Bali Work Plan",
        summary="About a third of the activities were implemented by 2023; what slowed the rest.",
        body=(
            "The Bali Work Plan 2019–2025 lists 114 activities across 19 ASEAN bodies; about "
            "36% were implemented by 2023. Activities with a named lead shepherd and a yearly "
            "report to the working group moved faster than those shared by many bodies.\n\n"
            "The 19th AMMTC extended the plan to 2026."
        ),
        audience=Audience.MEMBER_STATES,
        tlp=TLP.GREEN,
        crime_areas=("terrorism",),
        instrument="bali-wp-2019-2025",
        source=SOURCE + "; figures: ASEAN public records (Bali Work Plan)",
    ),
    DemoItem(
        author="jpn.focal",
        kind=KnowledgeItem.Kind.TRAINING_MATERIAL,
        title="Digital forensics course outline for investigators",
        summary="A five-day course on seizing, imaging and examining phones and computers.",
        body=(
            "1. Day 1 — first response and chain of custody\n"
            "2. Day 2 — imaging storage media\n"
            "3. Day 3 — mobile phone extraction\n"
            "4. Day 4 — cryptocurrency tracing basics\n"
            "5. Day 5 — writing a report a court can use\n\n"
            "Offered under the ASEAN–Japan work plan 2023–2027 (priority issue: cybercrime)."
        ),
        audience=Audience.PLATFORM,
        tlp=TLP.GREEN,
        crime_areas=("cybercrime",),
        parties=("JPN",),
        source=SOURCE + "; priority issue from ANTARA, August 2023 (ASEAN–Japan work plan)",
    ),
    DemoItem(
        author="idn.focal",
        kind=KnowledgeItem.Kind.EXPERTISE_REQUEST,
        title="Request: training in cyber-forensics for police investigators",
        summary="Indonesia looks for a partner to train 30 investigators in mobile forensics.",
        body=(
            "We would welcome a course or an exchange of experts on **mobile phone forensics** "
            "and the handling of digital evidence in online scam cases, in 2026."
        ),
        audience=Audience.PLATFORM,
        tlp=TLP.GREEN,
        crime_areas=("cybercrime",),
        parties=("IDN",),
    ),
    DemoItem(
        author="secretariat",
        kind=KnowledgeItem.Kind.INFORMATION_NOTE,
        title="AMMTC meetings 1997–2025 at a glance",
        summary="Where and when the ministers met, with the attached one-page timeline.",
        body="The attached PDF lists the AMMTC meetings since the first, in Manila in 1997.",
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
        crime_areas=(),
        pdf=[
            "AMMTC meetings at a glance",
            "1st AMMTC - Manila, 20 December 1997",
            "10th AMMTC - Kuala Lumpur, September 2015",
            "13th AMMTC - Bangkok, 27 November 2019: Bali Work Plan adopted",
            "17th AMMTC - Labuan Bajo, August 2023",
            "18th AMMTC - Vientiane, 28 August 2024",
            "19th AMMTC - Melaka, September 2025: Melaka Declaration",
        ],
        pdf_name="ammtc-timeline.pdf",
        source=SOURCE + "; dates: ASEAN public records (meetings)",
    ),
    DemoItem(
        author="idn.focal",
        kind=KnowledgeItem.Kind.STATISTICS,
        title="Ringkasan peserta program deradikalisasi",
        summary="Ringkasan internal jumlah peserta program per provinsi (angka ilustratif).",
        body=(
            "Data internal BNPT: jumlah peserta program deradikalisasi per provinsi. "
            "Angka dalam dokumen ini bersifat ilustratif."
        ),
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        crime_areas=("terrorism",),
        parties=("IDN",),
        language="id",
    ),
    DemoItem(
        author="jpn.focal",
        kind=KnowledgeItem.Kind.CASE_STUDY,
        title="Case study: dismantling an online scam call centre",
        summary="How investigators of two countries traced victims' payments to a call centre.",
        body=(
            "Victims were contacted through messaging apps and asked to invest in fake "
            "platforms. Payment tracing and a joint request to the host country led to the "
            "call centre. The case shows why **online scams** now sit beside cybercrime on "
            "the priority list."
        ),
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        crime_areas=("cybercrime", "trafficking_in_persons"),
        parties=("JPN",),
        groups=("ASEAN-JPN",),
    ),
)


def _meeting(key: tuple[str, int] | None) -> Meeting | None:
    if key is None:
        return None
    return Meeting.objects.filter(body__code=key[0], number=key[1]).first()


def _instrument(key: str) -> Instrument | None:
    return Instrument.objects.filter(key=key).first() if key else None


def _publish(spec: DemoItem, author: User) -> KnowledgeItem:
    data: dict[str, Any] = {
        "kind": spec.kind,
        "title": spec.title,
        "summary": spec.summary,
        "body": spec.body,
        "language": spec.language,
        "audience": spec.audience,
        "tlp": spec.tlp,
        "crime_areas": list(spec.crime_areas),
        "parties": list(spec.parties),
        "sharing_groups": list(SharingGroup.objects.filter(code__in=spec.groups)),
        "source": spec.source,
    }
    meeting = _meeting(spec.meeting)
    if meeting is not None and Meeting.objects.visible_to(author).filter(pk=meeting.pk).exists():
        data["meeting"] = meeting
    instrument = _instrument(spec.instrument)
    if instrument is not None and (
        Instrument.objects.visible_to(author).filter(pk=instrument.pk).exists()
    ):
        data["instrument"] = instrument
    item = services.create_item(actor=author, data=data)
    if spec.pdf:
        attachment = services.add_attachment(
            actor=author,
            item=item,
            uploaded_file=SimpleUploadedFile(spec.pdf_name, tiny_pdf(spec.pdf)),
        )
        _extract_now(attachment)
    return item


def _extract_now(attachment: Attachment) -> None:
    """The demo should not wait for a worker: read the text right away."""
    from .tasks import extract_attachment_text

    extract_attachment_text.call(attachment.pk)


def load_library_demo() -> int:
    """Publish the demo items that are not there yet; returns how many were created."""
    users = {u.username: u for u in User.objects.filter(username__in={i.author for i in ITEMS})}
    created: dict[str, KnowledgeItem] = {}
    for spec in ITEMS:
        author = users.get(spec.author)
        if author is None or author.party_id is None:
            continue
        if KnowledgeItem.objects.filter(title=spec.title, owner_party=author.party).exists():
            continue
        created[spec.title] = _publish(spec, author)
    _offer(created, users)
    return len(created)


def _offer(created: dict[str, KnowledgeItem], users: dict[str, User]) -> None:
    """Japan answers Indonesia's request with its course outline and a contact."""
    request = created.get("Request: training in cyber-forensics for police investigators")
    course = KnowledgeItem.objects.filter(
        title="Digital forensics course outline for investigators"
    ).first()
    japan = users.get("jpn.focal")
    if request is None or japan is None:
        return
    services.offer_expertise(
        actor=japan,
        request=request,
        item=course,
        contact="Cyber training unit, National Police Agency (jpn.focal@demo.invalid)",
        message="Our five-day course could run in Jakarta next year.",
    )
