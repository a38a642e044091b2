"""Filings read back with pypdf: text in both languages, page numbering, embedded fonts,
missing facts, finals stored once and byte-identical on re-render."""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pytest
from sqlmodel import select

from approvals.domain.errors import InputError, NotFound, PermissionDenied
from approvals.filings.common import forms
from approvals.paths import DataDir
from approvals.services.cases import case_id_for as first_case_id
from approvals.services.filings import (
    RenderedFiling,
    render_filing,
    required_documents,
    set_filing_particulars,
)
from approvals.store.audit import Actor, append_event, chain_head, verify_chain
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Document, Event
from tests.filings_seed import FAKE_SHA, PARTICULARS, load, seed_case

KINDS = ("cn-application", "us-notification", "status-report")
ALL_CN_US = ("CN-FISR", "CN-TECH-EXPORT", "CN-SAMR", "US-OISP")
ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


def _squash(text: str) -> str:
    """Extracted text without whitespace: line breaks from wrapping do not matter."""
    return re.sub(r"\s+", "", text)


# Each PDF's page texts, extracted once per process: pypdf's extraction costs as much as the
# render, and most PDFs here are read by more than one check (_check_fonts_and_numbers, _all).
_TEXTS: dict[bytes, tuple[str, ...]] = {}


def _pages(pdf: bytes) -> list[str]:
    key = hashlib.sha256(pdf).digest()
    if key not in _TEXTS:
        _TEXTS[key] = tuple(page.extract_text() or ""
                            for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return list(_TEXTS[key])


def _all(pdf: bytes) -> str:
    return _squash("".join(_pages(pdf)))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    """Demo cases; DEMO-02 complete and approved (CN-SAMR self-approved), DEMO-05 incomplete."""
    db = open_database(DataDir(tmp_path_factory.mktemp("filings") / "data").ensure())
    with db.session() as session:
        refs = load(session, ADMIN)
        seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"], approve=ALL_CN_US,
                  self_approve=("CN-SAMR",), complete=True)
        seed_case(session, ADMIN, "DEMO-05", refs["DEMO-05"], documents=False, particulars=False)
    yield db, refs
    db.dispose()


@pytest.fixture(scope="module")
def drafts(world) -> Callable[[str, str], RenderedFiling]:
    """`world`'s drafts by (demo, kind), rendered once per module and shared by the tests
    that read the same document: a draft writes nothing, and `world`'s tests only read."""
    db, refs = world
    made: dict[tuple[str, str], RenderedFiling] = {}

    def draft(demo: str, kind: str) -> RenderedFiling:
        if (demo, kind) not in made:
            made[demo, kind] = _draft(db, refs[demo], kind)
        return made[demo, kind]

    return draft


@pytest.fixture
def fresh(db: Database) -> dict[str, str]:
    """A per-test database (for tests that store finals); DEMO-02 as in `world`."""
    with db.session() as session:
        refs = load(session, ADMIN, only=("DEMO-02", "DEMO-05"))
        seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"], approve=ALL_CN_US,
                  self_approve=("CN-SAMR",), complete=True)
        seed_case(session, ADMIN, "DEMO-05", refs["DEMO-05"], documents=False, particulars=False)
    return refs


def _draft(db: Database, reference: str, kind: str, actor: Actor = ADMIN, **kw: object):
    with db.read_session() as session:
        return render_filing(session=session, reference=reference, kind=kind, actor=actor, **kw)


def _final(db: Database, reference: str, kind: str, **kw: object):
    with db.session() as session:
        return render_filing(session=session, reference=reference, kind=kind, actor=ADMIN,
                             final=True, **kw)


def _check_fonts_and_numbers(pdf: bytes, page_count: int) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == page_count
    texts = _pages(pdf)
    fonts_seen = set()
    for number, page in enumerate(reader.pages, start=1):
        text = texts[number - 1]
        assert f"Page {number} of {page_count}" in text, f"page {number}"
        assert len(re.findall(r"Page \d+ of \d+", text)) == 1
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            fonts_seen.add(name.split("+", 1)[-1])
            assert font["/Subtype"] == "/TrueType", name  # never a standard-14 Type1 font
            assert "+" in name, f"{name} is not a subset"
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), f"{name} not embedded"
    assert fonts_seen >= {"DejaVuSans", "DejaVuSans-Bold"}


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_numbered_and_every_font_embedded(drafts, kind: str) -> None:
    rendered = drafts("DEMO-02", kind)
    assert rendered.page_count >= 2
    _check_fonts_and_numbers(rendered.pdf, rendered.page_count)


def test_cn_application_is_bilingual(drafts) -> None:
    rendered = drafts("DEMO-02", "cn-application")
    text = _all(rendered.pdf)
    expected = [
        "外商投资审批申请书", "Applicationforforeigninvestmentapprovals",
        "深圳机械视觉机器人有限公司", "ShenzhenJixieVisionRoboticsCo.,Ltd.",
        "统一社会信用代码", "91440300Y4CL12TH3X",
        "二、外国投资者基本情况", "Part2.Foreigninvestor", "AlleghenyStrategicHoldingsInc.",
        "可转换债券/Convertibledebt", "USD20,000,000", "51%",
        "四、控制权分析", "外国投资者将取得对申请人的实际控制权", "willacquireactualcontrol",
        "人工智能应用/AIapplications", "关键技术/Keytechnologies",
        "机器人系统控制/Controlofroboticsystems", "模型来源声明", "Model-provenancedeclaration",
        "申请人声明，其模型训练未使用美国来源模型的输出。",
        "AIinteractiveinterfacetechnology", "七、数据出境情况", "20,000",
        "九、筛查结论及依据", "[OrderNo.37Art.4(2)]", "[StateCouncilOrder773Art.3]",
        "十、附件清单", "share-purchase-agreement.pdf", FAKE_SHA[:40],
        "十一、声明", "申请人及外国投资者郑重声明", "solemnlydeclare",
        "申请人法定代表人（签字）", "申请人（公章）", "Companysealoftheapplicant",
        "批准申报/Approvedforfiling",
        # A self-approval says what allowed it (an event recorded before solo mode's
        # details were kept: four-eyes let it through only under solo mode).
        "自我批准", "批准了本人的工作（单人模式已开启：免除四眼原则）",
        "Self-approval", "approvedtheirownwork(solomodeon:four-eyeswaived)",
        "urgentclosing,secondapproveronleave",
    ]
    for item in expected:
        assert item in text, item
    assert "SELF-APPROVAL" not in text
    # Only the Chinese tracks, never the US one, appear as applications.
    assert "US-OISP" not in text.split("九、筛查结论及依据")[0]
    assert not rendered.missing


def test_us_notification_has_every_850_405_item(drafts) -> None:
    rendered = drafts("DEMO-02", "us-notification")
    text = _all(rendered.pdf)
    form = forms()["us-notification"]
    for number, (_id, title, _desc) in enumerate(form["items"], start=1):
        assert _squash(f"{number}. {title}") in text, title
    for value in (*PARTICULARS["representative"].values(), *PARTICULARS["us_person"].values()):
        assert _squash(value) in text, value
    for item in ("AlleghenyCapitalGroupInc.", "org-chart-post-closing.pdf",
                 "31CFR850.217(b)", "intendedforthecontrolofroboticsystems",
                 "Structure:Convertibledebt", "2027-03-03(estimated", "深圳机械视觉机器人有限公司",
                 "Certification", "Notificationrequired"):
        assert item in text, item
    assert pypdf.PdfReader(io.BytesIO(rendered.pdf)).pages[0].mediabox.width == pytest.approx(612)


def test_status_report_shows_tracks_timeline_and_chain_head(world, drafts) -> None:
    db, _refs = world
    rendered = drafts("DEMO-02", "status-report")
    with db.read_session() as session:
        head = chain_head(session)
        transitions = session.exec(select(Event).where(Event.action == "track.transition")).all()
    text = _all(rendered.pdf)
    assert head in text
    for item in ("Casesummary", "HistoryoftheCN-FISRtrack", "Internalreview→Approvedforfiling",
                 "Audittimeline", "Casecreated", "Trackstep",
                 "approvedtheirownwork(solomodeon:four-eyeswaived)",
                 "Reviewdecision:15workingdays(CNcalendar)from2026-11-23", "2026-12-14"):
        assert item in text, item
    # The step history and the audit timeline say it as the paragraph does, in words.
    assert text.count("approvedownwork(solomodeon:four-eyeswaived)") == 2
    assert "SELF-APPROVAL" not in text
    assert len(transitions) >= 8


def test_draft_lists_missing_fields_on_page_one_and_final_is_refused(world, drafts) -> None:
    db, refs = world
    reference = refs["DEMO-05"]
    for kind in ("cn-application", "us-notification"):
        rendered = drafts("DEMO-05", kind)
        assert rendered.missing
        first = _squash(_pages(rendered.pdf)[0])
        assert "MISSINGINFORMATION" in first
        for path in rendered.missing:
            assert path in first, path
        with db.session() as session, pytest.raises(InputError) as refused:
            render_filing(session=session, reference=reference, kind=kind, actor=ADMIN, final=True)
        paths = [p.path for p in refused.value.problems]
        assert set(rendered.missing) <= set(paths)
    cn_draft = drafts("DEMO-05", "cn-application")
    # Each missing value is also marked where it belongs.
    assert "实际控制人UltimatecontrollingpersonUltimatecontrollingperson" not in _all(cn_draft.pdf)
    assert "Ultimatecontrollingperson■缺少（必填）MISSING(required)" in _all(cn_draft.pdf)
    assert "Ultimateowner■MISSING(required)" in _all(drafts("DEMO-05", "us-notification").pdf)
    cn_missing = cn_draft.missing
    assert "deal.acquires_control" in cn_missing  # from the screening's `missing`
    assert "deal.commercial_rationale" in cn_missing  # from the form's own needs
    us_missing = drafts("DEMO-05", "us-notification").missing
    assert "particulars.representative.name" in us_missing
    # Every missing particular of the filer's representative marked in its row too.
    us_text = _all(drafts("DEMO-05", "us-notification").pdf)
    for label, path in (("Title", "title"), ("Employer", "organisation"), ("E-mail", "email")):
        assert f"particulars.representative.{path}" in us_missing
        assert f"{label}■MISSING(required)" in us_text, label
    assert "documents.org_chart" in us_missing
    with db.read_session() as session:  # (the demo stores a final of its own, for DEMO-09)
        case_id = first_case_id(session, reference)
        assert not session.exec(select(Document).where(Document.is_rendering == True,  # noqa: E712
                                                       Document.case_id == case_id)).all()
        assert not session.exec(select(Event).where(Event.action == "filing.finalised",
                                                    Event.case_id == case_id)).all()


def test_complete_draft_has_no_missing_box(drafts) -> None:
    first = _squash(_pages(drafts("DEMO-02", "cn-application").pdf)[0])
    assert "MISSINGINFORMATION" not in first


def test_watermark_on_every_page_until_approved(fresh, db: Database) -> None:
    reference = fresh["DEMO-02"]
    approved = _draft(db, reference, "cn-application")
    assert all("草稿" not in page for page in _pages(approved.pdf))
    assert all("PREVIEW" in page for page in _pages(approved.pdf))
    with db.session() as session:
        seed_case(session, ADMIN, "DEMO-02", reference, approve=("CN-FISR",), documents=False,
                  particulars=False)
    pending = _draft(db, reference, "cn-application")
    pages = _pages(pending.pdf)
    assert all("DRAFT" in page and "草稿" in page for page in pages)
    with db.session() as session, pytest.raises(InputError) as refused:
        render_filing(session=session, reference=reference, kind="cn-application", actor=ADMIN,
                      final=True)
    assert any(p.path == "tracks" and "CN-SAMR" in p.message for p in refused.value.problems)
    # One approved track is enough when the filing is limited to it.
    only = _final(db, reference, "cn-application", regime="CN-FISR")
    assert all("草稿" not in page for page in _pages(only.pdf))
    # Stored under a name of its own: on the Documents tab it is not taken for the whole
    # application's final.
    from approvals.store.models import Document
    with db.read_session() as session:
        names = {d.file_name for d in session.exec(
            select(Document).where(Document.sha256 == hashlib.sha256(only.pdf).hexdigest()))}
    assert names == {f"{reference}-cn-application-cn-fisr.pdf"}


def _move_track(db: Database, reference: str, regime: str, to_state: str, name: str) -> None:
    """Record one transition of a track (as the workflow service would) and move it."""
    from approvals.store.models import Case, FilingTrack

    with db.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        track = session.exec(select(FilingTrack).where(FilingTrack.case_id == case.id,
                                                       FilingTrack.regime == regime)).one()
        append_event(session, actor=Actor("bob", ("reviewer",)), action="track.transition",
                     entity="track", entity_id=track.id or 0, case_id=case.id,
                     track_id=track.id, reason="the control analysis is wrong",
                     details={"from": track.state, "to": to_state, "transition": name})
        track.state = to_state
        session.add(track)


def test_an_approval_sent_back_to_the_preparer_no_longer_counts(fresh, db: Database) -> None:
    """Approved, then returned for changes: the filing is a DRAFT again and no final can be
    issued until the track is approved anew."""
    reference = fresh["DEMO-02"]
    _move_track(db, reference, "CN-FISR", "returned", "return_to_preparer")
    pending = _draft(db, reference, "cn-application", regime="CN-FISR")
    assert all("DRAFT" in page and "草稿" in page for page in _pages(pending.pdf))
    with pytest.raises(InputError) as refused:
        _final(db, reference, "cn-application", regime="CN-FISR")
    assert any(p.path == "tracks" and "CN-FISR (returned to preparer)" in p.message
               for p in refused.value.problems)
    # Resubmitted but not yet approved again: still no final.
    _move_track(db, reference, "CN-FISR", "internal_review", "submit_for_review")
    with pytest.raises(InputError):
        _final(db, reference, "cn-application", regime="CN-FISR")
    _move_track(db, reference, "CN-FISR", "approved_for_filing", "approve_for_filing")
    final = _final(db, reference, "cn-application", regime="CN-FISR")
    assert all("草稿" not in page and "FINAL" in page for page in _pages(final.pdf))


@pytest.mark.parametrize("kind", KINDS)
def test_final_is_stored_once_and_byte_identical_on_re_render(fresh, db: Database,
                                                               data_dir: DataDir, kind: str) -> None:
    reference = fresh["DEMO-02"]
    first = _final(db, reference, kind)
    second = _final(db, reference, kind)
    assert first.pdf == second.pdf
    assert first.fingerprint == second.fingerprint
    assert first.document_id == second.document_id
    # The same bytes from a shell that sets SOURCE_DATE_EPOCH (ReportLab seeds the file
    # identifier with it), so the final is still stored once.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "0")
        assert _final(db, reference, kind).pdf == first.pdf
    pages = _pages(first.pdf)
    assert all("FINAL" in page and "草稿" not in page and "DRAFT" not in page for page in pages)
    _check_fonts_and_numbers(first.pdf, first.page_count)
    with db.read_session() as session:
        docs = [(d.doc_type, d.stored_path, d.sha256) for d in session.exec(
            select(Document).where(Document.is_rendering == True)).all()]  # noqa: E712
        stored_flags = [json.loads(e.details)["already_stored"] for e in session.exec(
            select(Event).where(Event.action == "filing.finalised")).all()]
        assert verify_chain(session)[1] is None
    assert len(docs) == 1 and docs[0][0] == kind
    assert (data_dir.documents / docs[0][1]).read_bytes() == first.pdf
    assert docs[0][2] == hashlib.sha256(first.pdf).hexdigest()
    assert stored_flags == [False, True, True]
    # Something new on the case: a filing's final does not change (its content did not), the
    # status report's does, and its generation time is that event's time, not the clock.
    with db.session() as session:
        comment = append_event(session, actor=ADMIN, action="comment.added", entity="comment",
                               case_id=first_case_id(session, reference), reason="checked")
        comment_time = comment.occurred_at
    third = _final(db, reference, kind)
    if kind == "status-report":
        assert third.pdf != first.pdf
        stamp = comment_time.replace("T", " ").replace("Z", " UTC")
        assert all(f"FINAL · Content as of {stamp}" in page for page in _pages(third.pdf))
    else:
        assert third.pdf == first.pdf


def test_fingerprint_follows_content_not_time(fresh, db: Database) -> None:
    reference = fresh["DEMO-02"]
    one = _draft(db, reference, "us-notification")
    two = _draft(db, reference, "us-notification")
    assert one.fingerprint == two.fingerprint
    assert one.fingerprint in _all(one.pdf)
    with db.session() as session:
        from approvals.services.filings import set_filing_particulars

        set_filing_particulars(session=session, actor=ADMIN, reference=reference,
                               values={"representative": {"phone": "+1 412 555 0100"}})
    three = _draft(db, reference, "us-notification")
    assert three.fingerprint != one.fingerprint
    assert "+14125550100" in _all(three.pdf)


def test_particulars_are_validated(fresh, db: Database) -> None:
    from approvals.services.filings import set_filing_particulars

    with db.session() as session, pytest.raises(InputError) as bad:
        set_filing_particulars(session=session, actor=ADMIN, reference=fresh["DEMO-02"],
                               values={"representative": {"nmae": "x", "email": 3},
                                       "other": {}})
    assert {p.path for p in bad.value.problems} == {
        "particulars.representative.nmae", "particulars.representative.email", "particulars.other"}


def test_permissions_and_errors(world) -> None:
    db, refs = world
    reviewer = Actor("rita", ("reviewer",))
    assert _draft(db, refs["DEMO-02"], "status-report", actor=reviewer).page_count >= 1
    with db.session() as session, pytest.raises(PermissionDenied):
        render_filing(session=session, reference=refs["DEMO-02"], kind="status-report",
                      actor=reviewer, final=True)
    with pytest.raises(NotFound):
        _draft(db, "AP-1999-0001", "status-report")
    with pytest.raises(InputError) as bad:
        _draft(db, refs["DEMO-02"], "cn-letter")
    assert bad.value.problems[0].path == "kind"
    with pytest.raises(InputError) as bad:
        _draft(db, refs["DEMO-02"], "cn-application", regime="US-OISP")
    assert bad.value.problems[0].path == "regime"


def test_progress_and_cancel_store_nothing(fresh, db: Database) -> None:
    seen: list[float] = []
    _draft(db, fresh["DEMO-02"], "cn-application", progress=lambda f, _m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 5

    class Cancelled(Exception):
        pass

    def cancel(fraction: float, _message: str) -> None:
        if fraction > 0.5:
            raise Cancelled

    with pytest.raises(Cancelled), db.session() as session:
        render_filing(session=session, reference=fresh["DEMO-02"], kind="cn-application",
                      actor=ADMIN, final=True, progress=cancel)
    with db.read_session() as session:
        assert not session.exec(select(Document).where(Document.is_rendering == True)).all()  # noqa: E712


def test_worker_threads_with_their_own_sessions(world) -> None:
    db, refs = world

    def work(kind: str) -> tuple[str, str]:
        result = _draft(db, refs["DEMO-02"], kind)
        return kind, result.fingerprint

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = dict(pool.map(work, KINDS * 2))
    assert threading.active_count() >= 1 and len(results) == 3
    for kind in KINDS:
        assert _draft(db, refs["DEMO-02"], kind).fingerprint == results[kind]


# A spread of the demo cases: prohibited AI, chips without AI, news (negative list), Hong
# Kong with traditional characters, a non-US sovereign investor in CNY, an LP interest.
SPREAD = ("DEMO-01", "DEMO-04", "DEMO-07", "DEMO-09", "DEMO-10", "DEMO-13")


def test_demo_cases_render_every_kind(drafts) -> None:
    """Whatever the screening found for each demo case: valid, numbered, fonts embedded."""
    for demo in SPREAD:
        for kind in KINDS:
            rendered = drafts(demo, kind)
            _check_fonts_and_numbers(rendered.pdf, rendered.page_count)


def test_fonts_and_licences_are_shipped() -> None:
    from approvals.filings.fonts import FONT_FILES, LICENSE_FILES
    from approvals.resources import resource_path

    for name, file_name in FONT_FILES.items():
        assert resource_path("fonts", file_name).stat().st_size > 100_000
        licence = resource_path("fonts", LICENSE_FILES[name]).read_text(encoding="utf-8")
        assert "License" in licence or "LICENSE" in licence


def test_traditional_characters_render(drafts) -> None:
    text = _all(drafts("DEMO-09", "cn-application").pdf)
    assert "九龍深度推理實驗室有限公司" in text


def test_store_path_is_under_documents(fresh, db: Database, data_dir: DataDir) -> None:
    final = _final(db, fresh["DEMO-02"], "status-report")
    assert final.stored_path is not None
    stored = Path(data_dir.documents / final.stored_path)
    assert stored.is_file()
    assert not list(data_dir.documents.rglob("*.part"))
    stored.unlink()  # a lost file is written again by the next identical final
    again = _final(db, fresh["DEMO-02"], "status-report")
    assert again.document_id == final.document_id
    assert stored.read_bytes() == final.pdf


def test_distillation_flag_is_a_risk_flag_on_the_filings(drafts) -> None:
    for kind in ("cn-application", "us-notification", "status-report"):
        text = _all(drafts("DEMO-01", kind).pdf)
        assert "Distillationriskflag:YES" in text, kind
        assert "Llama3.1405B(openweights);GPT-4oviaAPI" in text, kind
        assert "notalegaldetermination" in text, kind
    assert "蒸馏风险提示：是" in _all(drafts("DEMO-01", "cn-application").pdf)


def test_qr_code_with_reference_and_fingerprint_on_every_page(world, drafts) -> None:
    from approvals.filings import compose
    from approvals.filings.layout import QR_FORM, _Decorations
    from approvals.services.filings import load_filing_data

    db, refs = world
    rendered = drafts("DEMO-02", "us-notification")
    reader = pypdf.PdfReader(io.BytesIO(rendered.pdf))
    forms_used = set()
    for page in reader.pages:
        xobjects = page["/Resources"]["/XObject"]
        names = [str(name) for name in xobjects]
        assert any(QR_FORM in name for name in names)
        forms_used.update(xobjects[name].get_object().indirect_reference.idnum
                          for name in xobjects if QR_FORM in str(name))
    assert len(forms_used) == 1  # one code, drawn once, placed on every page
    with db.read_session() as session:
        data = load_filing_data(session, refs["DEMO-02"])
    document, _ = compose(data, "us-notification", final=False, now="2026-11-29T00:00:00Z")
    decorations = _Decorations(document, document.fingerprint, (612.0, 792.0))
    assert decorations.qr_value == (f"APPROVALS|{refs['DEMO-02']}|us-notification|"
                                    f"sha256:{rendered.fingerprint}")


def test_very_long_values_never_break_the_layout(fresh, db: Database) -> None:
    """Table rows cannot break across pages: long values are cut into continuation rows."""
    from approvals.store.models import Case

    reference = fresh["DEMO-02"]
    with db.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        facts = json.loads(case.facts)
        facts["deal"]["commercial_rationale"] = "A long rationale sentence. " * 700 + "END-OF-TEXT"
        facts["target"]["name_zh"] = "深圳机械视觉机器人有限公司" * 150
        facts["target"]["ai"]["trained_on_us_model_outputs"] = True
        facts["target"]["ai"]["us_models_used"] = [f"model {i}" for i in range(1500)]
        case.facts = json.dumps(facts, ensure_ascii=False)
        session.add(case)
    for kind in KINDS:
        rendered = _draft(db, reference, kind)
        _check_fonts_and_numbers(rendered.pdf, rendered.page_count)
        text = _all(rendered.pdf)
        assert "model1499" in text
        if kind != "status-report":
            assert "END-OF-TEXT" in text


def test_kind_for_regime() -> None:
    from approvals.filings import kind_for_regime

    assert kind_for_regime("CN-FISR") == "cn-application"
    assert kind_for_regime("CN-DATA-EXPORT") == "cn-application"
    assert kind_for_regime("US-OISP") == "us-notification"
    assert kind_for_regime("XX-OTHER") is None


def test_an_absent_list_reads_not_stated_and_an_empty_one_none() -> None:
    from approvals.filings.common import NOT_STATED, listing

    assert listing("activities", None) == NOT_STATED
    assert listing("activities", None, bilingual=True) == NOT_STATED
    assert listing("activities", []) == "None"
    assert listing("activities", [], bilingual=True) == "无 / None"


def test_signature_boxes_stay_on_the_page_of_the_declaration() -> None:
    """Whatever precedes it, the declaration (with its heading) and the signature and seal
    boxes are printed on one page: a signature page never stands alone."""
    from approvals.filings import content as c
    from approvals.filings.layout import build_pdf

    for filler in range(0, 60, 3):
        blocks: list[c.Block] = [c.Para(f"Filler paragraph {i} " + "text " * 30)
                                 for i in range(filler)]
        blocks += [c.Heading("Declaration", "声明"),
                   c.Para("We declare that all of this is true.", "我们声明以上内容属实。"),
                   c.Signature((("Legal representative", "法定代表人"), ("Company seal", "公章")))]
        doc = c.FilingDocument(kind="cn-application", reference="AP-TEST", title_en="Test",
                               title_zh="测试", page_size="A4", final=False, watermark=True,
                               generated_at="2026-11-29T00:00:00Z", blocks=tuple(blocks))
        pdf, _pages_count = build_pdf(doc)
        pages = [_squash(p) for p in _pages(pdf)]
        signed = [i for i, page in enumerate(pages) if "Companyseal" in page]
        assert len(signed) == 1, filler
        page = pages[signed[0]]
        assert "Declaration" in page and "Wedeclarethatallofthisistrue." in page, filler


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(_squash(start)):text.index(_squash(end))]


def test_why_covered_gives_only_the_grounds_of_coverage(drafts) -> None:
    """A notifiable deal is covered under the scope definitions and 850.217: the checks
    that found it not prohibited (850.224) or not excepted (850.501) are no grounds, and
    are left to the screening determination section, which lists every reason."""
    rendered = drafts("DEMO-09", "us-notification")  # the stored demo screening
    text = _all(rendered.pdf)
    why = _section(text, "5. Why the transaction is a covered transaction", "6. Transaction details")
    assert "Notificationrequired,under31CFR850.217" in why
    assert "largesttrainingrun3×10²³operationsismorethan10²³" in why
    assert "investorisaUSperson" in why
    assert "850.224" not in why and "notmorethan10²⁵" not in why and "850.501" not in why
    assert re.search(r"Thescreening's\d+otherchecks,againsttheremainingprovisions", why)
    assert 'arelistedunder"9.Screeningdetermination"' in why
    determination = text[text.index(_squash("9. Screening determination")):]
    assert "notmorethan10²⁵" in determination and "31CFR850.501" in determination


def test_the_audit_timeline_says_what_each_event_recorded(fresh, db: Database) -> None:
    """The status report's timeline names the document attached, the screening outcomes,
    the comment and the recommendation, not only that such an event happened."""
    reference = fresh["DEMO-02"]
    with db.session() as session:
        case_id = first_case_id(session, reference)
        reviewer = Actor("bob", ("reviewer",))
        append_event(session, actor=ADMIN, action="document.attached", entity="document",
                     entity_id=7, case_id=case_id,
                     new={"file_name": "board-minutes.pdf", "doc_type": "minutes",
                          "sha256": FAKE_SHA, "size": 1234, "restricted": False,
                          "allowed_users": []})
        append_event(session, actor=ADMIN, action="case.screened", entity="case",
                     entity_id=reference, case_id=case_id,
                     new={"as_of": "2026-11-20", "rulebook": "2026.11-test",
                          "outcomes": {"CN-FISR": "approval_required", "US-OISP": "prohibited"}},
                     details={"include_proposed": False, "screening_id": 1})
        append_event(session, actor=reviewer, action="comment.added", entity="comment",
                     entity_id="c-1", case_id=case_id, new="Check the veto rights clause.")
        append_event(session, actor=ADMIN, action="review.recommendation", entity="review_pack",
                     entity_id="p-1", case_id=case_id, new="return", reason="control unclear")
        append_event(session, actor=ADMIN, action="review.exported", entity="review_pack",
                     entity_id="p-0", case_id=case_id,
                     details={"pack_id": "p-0", "version": 3, "tracks": {"1": 2},
                              "facts": {"deal": {"board_seats": 3}, "reference": "DEMO-02"}})
    text = _all(_draft(db, reference, "status-report").pdf)
    timeline = text[text.index("Audittimeline"):text.index("Auditchain")]
    # Each as a sentence (domain.event_text), not as key=value pairs.
    for item in ("document'board-minutes.pdf'attached(Minutes),1,234bytes",
                 "screenedasof2026-11-20againstrulebook2026.11-test:",
                 "CN-FISRapprovalrequired,US-OISPprohibited", "comment:'Checktheveto",
                 "reviewerrecommends:return;reason:controlunclear",
                 "reviewpackp-0exported(version3)"):
        assert item in timeline, item
    assert "board_seats" not in timeline  # a facts snapshot is named, not printed
    assert "allowed_users" not in timeline  # nothing said, nothing printed
    assert "=" not in timeline  # no raw key=value left


def test_cn_application_names_who_signs_and_whom_to_contact(world, fresh, db: Database) -> None:
    """The applicant's legal representative, domicile and contact person, and the foreign
    investor's address and authorised representative: printed when given, marked missing
    in a draft and required for a final."""
    world_db, refs = world
    text = _all(_draft(world_db, refs["DEMO-02"], "cn-application").pdf)
    for label, value in (("法定代表人Legalrepresentative", "王建国"),
                         ("住所Registeredaddress(domicile)", "深圳市南山区科技园科苑路15号"),
                         ("联系人Contactperson", "李娜"), ("联系电话Contacttelephone", "+867558888 0101"),
                         ("授权代表Authorisedrepresentative", "DanaWhitfield")):
        assert _squash(label + value) in text, label
    missing_draft = _draft(world_db, refs["DEMO-05"], "cn-application")  # no particulars
    for path in ("particulars.applicant.legal_representative",
                 "particulars.applicant.registered_address", "particulars.applicant.contact_name",
                 "particulars.applicant.contact_phone", "particulars.foreign_investor.address",
                 "particulars.foreign_investor.authorised_representative"):
        assert path in missing_draft.missing, path
    assert "法定代表人Legalrepresentative■缺少（必填）MISSING(required)" in _all(missing_draft.pdf)
    # Complete but for the legal representative: the final is refused naming it.
    reference = fresh["DEMO-02"]
    with db.session() as session:
        set_filing_particulars(session=session, actor=ADMIN, reference=reference,
                               values={"applicant": {"legal_representative": " "}})
    with pytest.raises(InputError) as refused:
        _final(db, reference, "cn-application")
    assert [p.path for p in refused.value.problems] == ["particulars.applicant.legal_representative"]


def test_a_withdrawn_track_is_neither_applied_for_nor_blocks_the_others(db: Database) -> None:
    """CN-TECH-EXPORT withdrawn (the licence is no longer sought) while CN-FISR and CN-SAMR
    are approved: the application covers those two and may be issued as final; the status
    report still shows the withdrawn track. With every track withdrawn, no final."""
    with db.session() as session:
        refs = load(session, ADMIN, only=("DEMO-02",))
        seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"], approve=("CN-FISR", "CN-SAMR"),
                  complete=True)
    reference = refs["DEMO-02"]
    _move_track(db, reference, "CN-TECH-EXPORT", "withdrawn", "withdraw")
    final = _final(db, reference, "cn-application")
    applications = _section(_all(final.pdf), "申请事项 Applications", "一、申请人")
    assert "外商投资安全审查" in applications and "经营者集中申报" in applications
    assert "技术出口管理" not in applications
    assert "CN-TECH-EXPORT" in _all(_draft(db, reference, "status-report").pdf)
    for regime in ("CN-FISR", "CN-SAMR"):
        _move_track(db, reference, regime, "withdrawn", "withdraw")
    with pytest.raises(InputError) as refused:
        _final(db, reference, "cn-application")
    assert any(p.path == "tracks" and "withdrawn" in p.message for p in refused.value.problems)


def test_a_filing_lists_only_the_documents_it_submits(fresh, db: Database) -> None:
    """A document attached to one track is an attachment of that track's filing only (the
    declaration certifies that the listed documents are the ones submitted); case-level
    documents go with every filing; the status report lists them all. Attaching a document
    to another track leaves a final unchanged."""
    from approvals.store.models import Case, FilingTrack

    reference = fresh["DEMO-02"]
    cn_final = _final(db, reference, "cn-application")
    with db.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        track = {t.regime: t.id for t in session.exec(
            select(FilingTrack).where(FilingTrack.case_id == case.id)).all()}
        for name, regime in (("samr-decision.pdf", "CN-SAMR"), ("treasury-ack.pdf", "US-OISP")):
            session.add(Document(case_id=case.id, track_id=track[regime], file_name=name,
                                 sha256="ab" * 32, size=10, stored_path=f"x/{name}",
                                 doc_type="correspondence",
                                 uploaded_at="2026-11-25T10:00:00Z" if regime == "US-OISP"
                                 else "2026-11-21T10:00:00Z"))

    def attachments(kind: str, **kw: object) -> str:
        text = _all(_draft(db, reference, kind, **kw).pdf)
        return text[text.rindex("Attachments") if "Attachments" in text else text.rindex("Documents"):]

    cn = attachments("cn-application")
    assert "samr-decision.pdf" in cn and "treasury-ack.pdf" not in cn
    assert "share-purchase-agreement.pdf" in cn  # case-level
    fisr_only = attachments("cn-application", regime="CN-FISR")
    assert "samr-decision.pdf" not in fisr_only and "share-purchase-agreement.pdf" in fisr_only
    us = attachments("us-notification")
    assert "treasury-ack.pdf" in us and "samr-decision.pdf" not in us
    report = attachments("status-report")
    assert "treasury-ack.pdf" in report and "samr-decision.pdf" in report
    # The cn-application's content changed (the SAMR decision) but not because of the US
    # document: re-rendered now and after another US-only document, the bytes are the same.
    again = _final(db, reference, "cn-application")
    assert again.pdf != cn_final.pdf
    with db.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        session.add(Document(case_id=case.id, track_id=track["US-OISP"], file_name="later.pdf",
                             sha256="cd" * 32, size=10, stored_path="x/later.pdf",
                             doc_type="correspondence", uploaded_at="2026-12-01T10:00:00Z"))
    assert _final(db, reference, "cn-application").pdf == again.pdf


def test_what_the_authority_sent_back_is_no_attachment_of_a_filing(fresh, db: Database) -> None:
    """A final made after filing listed the authority's receipt for the very application
    it was: the authority's receipt and decision, and a signed copy of a filing, are the
    case's documents (the status report lists them), not attachments a filing submits."""
    from approvals.store.models import Case

    reference = fresh["DEMO-02"]
    before = _final(db, reference, "cn-application")
    with db.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        for name, doc_type in (("receipt.pdf", "filing-receipt"),
                               ("decision.pdf", "authority-decision"),
                               ("signed.pdf", "signed-cn-application")):
            session.add(Document(case_id=case.id, file_name=name, sha256="ef" * 32, size=10,
                                 stored_path=f"x/{name}", doc_type=doc_type,
                                 uploaded_at="2026-12-01T10:00:00Z"))
    cn = _all(_draft(db, reference, "cn-application").pdf)
    assert "share-purchase-agreement.pdf" in cn
    assert not any(name in cn for name in ("receipt.pdf", "decision.pdf", "signed.pdf"))
    report = _all(_draft(db, reference, "status-report").pdf)
    assert all(name in report for name in ("receipt.pdf", "decision.pdf", "signed.pdf"))
    # Its content did not change, so neither did the final.
    assert _final(db, reference, "cn-application").pdf == before.pdf


def test_a_required_document_on_another_track_does_not_count(fresh, db: Database) -> None:
    """The US notification needs an organisation chart it submits: one attached only to a
    Chinese track is not among its attachments, so it is missing."""
    from approvals.store.models import Case, FilingTrack

    reference = fresh["DEMO-02"]
    with db.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        fisr = session.exec(select(FilingTrack).where(FilingTrack.case_id == case.id,
                                                      FilingTrack.regime == "CN-FISR")).one()
        chart = session.exec(select(Document).where(Document.case_id == case.id,
                                                    Document.doc_type == "org_chart")).one()
        chart.track_id = fisr.id
        session.add(chart)
    assert "documents.org_chart" in _draft(db, reference, "us-notification").missing
    with pytest.raises(InputError) as refused:
        _final(db, reference, "us-notification")
    assert [p.path for p in refused.value.problems] == ["documents.org_chart"]


def test_a_final_moves_with_the_defaults_it_falls_back_on(fresh, db: Database) -> None:
    """Organisation-wide particulars a case falls back on are content of its final: changing
    them moves the generation time; a default the case overrides leaves the final alone."""
    from approvals.services.filings import set_filing_particulars

    reference = fresh["DEMO-02"]
    with db.session() as session:
        set_filing_particulars(session=session, actor=ADMIN,  # overridden by the case's own
                               values={"representative": {"name": "Org Default Name"}})
    before = _final(db, reference, "us-notification")
    with db.session() as session:
        set_filing_particulars(session=session, actor=ADMIN,
                               values={"representative": {"name": "Another Default"}})
    assert _final(db, reference, "us-notification").pdf == before.pdf
    with db.session() as session:
        set_filing_particulars(session=session, actor=ADMIN, reference=reference,
                               values={"us_person": {"website": ""}})  # falls back from now on
        set_filing_particulars(session=session, actor=ADMIN,
                               values={"us_person": {"website": "https://org.example"}})
        changed = session.exec(select(Event).order_by(Event.id.desc())).first().occurred_at
    after = _final(db, reference, "us-notification")
    assert "https://org.example" in _all(after.pdf)
    stamp = changed.replace("T", " ").replace("Z", " UTC")
    assert all(f"FINAL · Content as of {stamp}" in page for page in _pages(after.pdf))


def test_a_final_whose_commit_fails_leaves_no_file(fresh, db: Database, data_dir: DataDir) -> None:
    reference = fresh["DEMO-02"]
    before = sorted(p.relative_to(data_dir.documents) for p in data_dir.documents.rglob("*")
                    if p.is_file())
    with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as session:
        rendered = render_filing(session=session, reference=reference, kind="status-report",
                                 actor=ADMIN, final=True)
        assert (data_dir.documents / rendered.stored_path).is_file()  # in place before commit
        # A row whose foreign key is checked only at COMMIT: the commit itself fails, as a
        # full disk or a lost lock would make it.
        session.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        session.connection().exec_driver_sql(
            "INSERT INTO comments (uid, case_id, author, body, created_at, origin) "
            "VALUES ('orphan-check', 999999, 'x', 'x', '2026-01-01', 'local')")
    after = sorted(p.relative_to(data_dir.documents) for p in data_dir.documents.rglob("*")
                   if p.is_file())
    assert after == before
    with db.read_session() as session:
        assert not session.exec(select(Document).where(Document.is_rendering == True)).all()  # noqa: E712


def test_required_documents_are_the_forms_documents_by_name() -> None:
    """What the case window offers and checks: every `documents.<type>` a final needs."""
    for kind in ("cn-application", "us-notification", "status-report"):
        wanted = {p.partition(".")[2] for p, *_ in forms()[kind]["required"]
                  if p.startswith("documents.")}
        assert set(required_documents(kind)) == wanted
    assert required_documents("us-notification") == {
        "org_chart": "Post-transaction organisation chart"}
    with pytest.raises(InputError):
        required_documents("cn-notification")
