"""`cn-application`: the bilingual (Simplified Chinese + English) application for the
Chinese tracks, A4, paired paragraph by paragraph (Chinese first, English beneath)."""

from __future__ import annotations

from datetime import date

from approvals.domain.places import place_name, place_name_zh
from approvals.domain.screening import stake_is_control
from approvals.domain.typed_input import has_chinese
from approvals.domain.wording import mid_sentence
from approvals.domain.workflow import NO_FILING_OUTCOMES
from approvals.filings import common as k
from approvals.filings import content as c
from approvals.filings.data import FilingData, Track

KIND = "cn-application"
PREFIX = "CN-"


def _f(label_en: str, label_zh: str, value: str, path: str | None = None) -> c.Field:
    # A value not given says so in both languages, as a Yes/No not given does.
    if value == k.NOT_STATED:
        value = k.NOT_STATED_BOTH
    return c.Field(label_en=label_en, label_zh=label_zh, value=value, path=path)


def _particular(data: FilingData, path: str) -> str:
    """A filing particular (`approvals filing particulars`), e.g. the legal representative."""
    value = k.field_value(data, f"particulars.{path}")
    # Left blank: not stated, or why it does not apply (an individual investor's
    # authorised representative: a natural person signs in person).
    return k.required_or_why_not(data, f"particulars.{path}", None) if k._blank(value) \
        else str(value)


def _particular_field(data: FilingData, path: str, *, required: bool = True) -> c.Field:
    """A particular's row, labelled as the editor labels it (labels.json `particulars`)."""
    label_en, label_zh = k.label("particulars", path)
    return _f(label_en, label_zh, _particular(data, path),
              path=f"particulars.{path}" if required else None)


def _signatory_field(data: FilingData) -> c.Field:
    """Who signs for the applicant: its legal representative (法定代表人) only where it is
    organised in mainland China; an offshore holding company's authorised signatory."""
    path = k.SIGNATORY_PATH.removeprefix("particulars.")
    label_en, label_zh = k.applicant_signatory(data.facts.target.jurisdiction)
    return _f(label_en, label_zh, _particular(data, path), path=k.SIGNATORY_PATH)


def _mostly_chinese(text: str) -> bool:
    """Whether `text` is written in Chinese: as many Chinese characters as Latin letters
    (an English rationale naming 示例科技 is still English)."""
    chinese = sum(1 for char in text if has_chinese(char))
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    return chinese > 0 and chinese >= latin


def _purpose(data: FilingData, *, final: bool) -> tuple[str, list[c.Block]]:
    """The purpose of the investment: the Chinese the officer gave (a filing particular),
    above the facts' commercial rationale, which is in English (the US notification prints
    it too); the rationale alone where no Chinese is given, which a draft points out."""
    rationale = data.facts.deal.commercial_rationale
    chinese = str(k.field_value(data, "particulars.applicant.purpose_zh") or "").strip()
    if chinese:
        return (f"{chinese}\n{rationale}" if rationale else chinese), []
    if final or not rationale or _mostly_chinese(rationale):
        return k.text_or_dash(rationale), []
    return rationale, [c.Para(
        "The purpose of the investment is in English only: give it in Chinese under Filing "
        "particulars (Applicant — Purpose of the investment, in Chinese).",
        "投资目的仅有英文：请在 Filing particulars（申请人 — 投资目的（中文））中填写中文。",
        style="flag")]


def _items(items: list[str] | None) -> str:
    if items is None:  # an absent list is unknown, not "none"
        return k.NOT_STATED
    # Items named in Chinese are listed as Chinese lists them (the full-width "；" of the
    # application's other lists), not with the English "; " between them.
    separator = "；" if items and all(has_chinese(item) for item in items) else "; "
    return separator.join(items) or "无 / None"


def _turnover(turnover: object | None) -> str:
    if turnover is None:
        return k.NOT_STATED
    china, world = getattr(turnover, "china", None), getattr(turnover, "worldwide", None)

    def rmb(value: float | None, zh: bool) -> str:
        if value is None:  # in the middle of its line: "worldwide: not stated"
            return k.NOT_STATED_ZH if zh else mid_sentence(k.NOT_STATED)
        # No spaces in the Chinese, as the screening's reasons write amounts.
        return f"人民币{k.number(value)}元" if zh else f"RMB {k.number(value)}"

    # Each language its own line and punctuation (the cell pairs them like the labels).
    return (f"中国境内：{rmb(china, True)}；全球：{rmb(world, True)}\n"
            f"China: {rmb(china, False)}; worldwide: {rmb(world, False)}")


def _investor_fields(data: FilingData) -> c.Fields:
    """Part 2. A natural person (investor.kind "individual") is named by 姓名, not an
    entity's 名称; has a nationality or residence, not a place of organisation; and has no
    LEI, ultimate controlling person or authorised representative to ask for: left blank,
    those rows say why (k.ENTITY_ONLY), and the missing-information box does not ask."""
    investor = data.facts.investor
    person = k.individual(data)
    place_en, place_zh = k.INDIVIDUAL_PLACE if person else ("Place of organisation", "注册地")
    return c.Fields((
        _f("Name", "姓名" if person else "名称", investor.name),
        _f("Legal Entity Identifier (LEI)", "法人机构识别编码（LEI）",
           k.required_or_why_not(data, "investor.lei", investor.lei)),
        _f("Type of investor", "投资者类型", k.both("investor_kinds", investor.kind)),
        _f(place_en, place_zh, k.country(investor.jurisdiction, bilingual=True), path="investor.jurisdiction"),
        _particular_field(data, "foreign_investor.address"),
        _particular_field(data, "foreign_investor.authorised_representative"),
        _f("US person", "是否为美国人", k.yes_no(investor.us_person, bilingual=True)),
        _f("Ultimate controlling person", "实际控制人",
           k.required_or_why_not(data, "investor.ultimate_parent", investor.ultimate_parent),
           path="investor.ultimate_parent"),
        _f("Turnover, previous financial year", "上一会计年度营业额", _turnover(investor.turnover_cny)),
    ))


def investor_signature(data: FilingData) -> tuple[str, str]:
    """The declaration's signature box of the foreign investor: its authorised
    representative (授权代表), as Part 2 names them; a natural person without one signs in
    person (本人)."""
    if k.individual(data) and k._blank(
            k.field_value(data, "particulars.foreign_investor.authorised_representative")):
        return "The foreign investor in person (signature)", "外国投资者本人（签字）"
    return "Authorised representative of the foreign investor (signature)", "外国投资者授权代表（签字）"


def _control_paragraph(data: FilingData, *, final: bool) -> list[c.Block]:
    deal = data.facts.deal
    stake, stake_zh = k.percent(deal.stake_after_pct), k.percent(deal.stake_after_pct, zh=True)
    seats = deal.board_seats
    if stake == k.NOT_STATED:
        hold_en = "the foreign investor's shareholding in the applicant has not been stated"
        hold_zh = "外国投资者在申请人中的持股比例尚未说明"
    else:
        hold_en = f"the foreign investor will hold {stake} of the applicant's equity"
        hold_zh = f"外国投资者将持有申请人{stake_zh}的股权"
    # The foreign investor is "it", a natural person "they" (investor.kind "individual").
    it, has = ("they", "have") if k.individual(data) else ("it", "has")
    if seats is None:
        seats_en, seats_zh = f"{it} {has} not stated how many directors {it} will appoint", "未说明委派董事人数"
    elif seats == 0:
        seats_en, seats_zh = f"{it} will appoint no directors", "不委派董事"
    else:
        seats_en = f"{it} will appoint {'one director' if seats == 1 else f'{seats} directors'}"
        seats_zh = f"委派{seats}名董事"
    veto_en = {True: "will hold", False: "will not hold", None: f"{has} not stated whether {it} will hold"}
    veto_zh = {True: "享有", False: "不享有", None: "未说明是否享有"}
    ctl_en = {True: "will acquire", False: "will not acquire"}
    ctl_zh = {True: "将取得", False: "不取得"}
    # The legal definition of actual control is rule data (labels.json), not code.
    definition_en, definition_zh = k.label("texts", "actual_control")
    at_least = data.screening.control_at_least if data.screening else None
    controlling = stake_is_control(deal.stake_after_pct, at_least)
    if controlling and deal.acquires_control is not True:
        # Such a stake is control whatever the assessment says: the application states
        # the control it is, not an assessment of "no control" against it (a draft's
        # box asks for the answer to be corrected).
        control_en = (f"With {stake} of the equity, the foreign investor will acquire actual "
                      f"control of the applicant ({definition_en}).")
        control_zh = f"外国投资者持有申请人{stake_zh}的股权，将取得对申请人的实际控制权（{definition_zh}）。"
    elif deal.acquires_control is None:
        # Not "the parties state that … has not stated": nothing is stated (a draft only).
        control_en = (f"Whether the foreign investor will acquire actual control of the applicant "
                      f"({definition_en}) is not yet stated.")
        control_zh = f"外国投资者是否取得对申请人的实际控制权（{definition_zh}）尚未说明。"
    else:
        control_en = (f"The parties state that the foreign investor {ctl_en[deal.acquires_control]} "
                      f"actual control of the applicant ({definition_en}).")
        control_zh = f"双方声明，外国投资者{ctl_zh[deal.acquires_control]}对申请人的实际控制权（{definition_zh}）。"
    blocks: list[c.Block] = [c.Para(
        en=(f"After the transaction {hold_en}, and {seats_en}; {it} {veto_en[deal.veto_rights]} veto rights "
            f"over board or shareholder resolutions. {control_en}"),
        zh=(f"交易完成后，{hold_zh}，{seats_zh}，"
            f"{veto_zh[deal.veto_rights]}对董事会或股东会决议的否决权。{control_zh}"),
    )]
    if controlling and deal.acquires_control is False and not final:
        # Said here, where the answer is overridden, whether or not the stored screening
        # (one made before it said so) carries the point in the box on page 1.
        pct, pct_zh = k.percent(at_least), k.percent(at_least, zh=True)
        blocks.append(c.Para(
            f"The facts answer that the foreign investor does not acquire control; a stake of "
            f"{pct} or more is control whatever that answer says, so this part states control: "
            "correct the answer (Edit facts…).",
            f"事实信息中填写外国投资者不取得控制权；持股比例达到{pct_zh}以上即构成控制，本部分据此说明取得控制权："
            "请更正该项回答。", style="flag"))
    return blocks


def _applicant_heading(jurisdiction: str | None) -> c.Heading:
    """Part 1's heading: the applicant is the target company, a Chinese company (境内企业)
    only where it is organised in mainland China; an offshore holding company (Cayman,
    BVI, Hong Kong) is named as the target company with its place of organisation."""
    if jurisdiction == "CN":
        return c.Heading("Part 1. Applicant (the Chinese company)", "一、申请人（境内企业）基本情况")
    place = k.stated_place(jurisdiction)
    if place is None:  # not stated yet (or XX, unknown): what is true either way
        return c.Heading("Part 1. Applicant (the target company)", "一、申请人（目标公司）基本情况")
    return c.Heading(
        f"Part 1. Applicant (the target company; place of organisation: {place_name(place)})",
        f"一、申请人（目标公司；注册地：{place_name_zh(place)}）基本情况")


def _applications(tracks: tuple[Track, ...], boxed: bool, generated_at: str) -> list[c.Block]:
    if not tracks and boxed:
        # The missing-information box above says why (no track open, or every one
        # withdrawn): said there once, not again here in other words.
        return [c.Para("None: see the missing information above.",
                       "无，见上方“缺少的信息”。", style="flag")]
    if not tracks:
        none_en, none_zh = k.no_track_words(k.forms()[KIND]["tracks"])
        return [c.Para(f"{none_en}.", f"{none_zh}。", style="flag")]
    return [
        c.Para("The applicant applies for the approvals, reviews or filings below.",
               "申请人就以下事项提出申请：", style="body"),
        k.tracks_table(tracks, bilingual=True, on=generated_at),
    ]


def _no_longer_needed(data: FilingData, tracks: tuple[Track, ...],
                      final: bool) -> list[c.Block]:
    """A track applied for whose regime the current screening says needs no filing (a
    re-screening after the facts changed): a draft says so, where the table above still
    applies for it, until the officer withdraws the track."""
    if final or data.screening is None:
        return []
    found = [t.regime for t in tracks
             if (d := data.screening.for_regime(t.regime)) is not None
             and d.outcome in NO_FILING_OUTCOMES]
    if not found:
        return []
    regimes_en = "; ".join(k.en("regimes", r) for r in found)
    regimes_zh = "；".join(k.zh("regimes", r) for r in found)
    one = len(found) == 1
    return [c.Para(
        f"The current screening finds no filing needed for {regimes_en} (Part 9): withdraw "
        f"{'its track' if one else 'their tracks'} (Tracks tab) rather than apply for "
        f"{'it' if one else 'them'}.",
        f"现行筛查结论为{regimes_zh}无须办理（见第九部分）：请撤回{'该事项' if one else '相关事项'}"
        "（Tracks 标签页），不要申请。",
        style="flag")]


def _prohibited(data: FilingData, final: bool = False) -> list[c.Block]:
    """A Chinese regime the screening finds prohibited, said on page 1 as the US
    notification says its own: applying does not make the deal permissible. The advice
    is the officer's, not the authority's: a final states the finding only."""
    found = [d.regime for d in (data.screening.determinations if data.screening else ())
             if d.regime.startswith(PREFIX) and d.outcome == "prohibited"]
    if not found:
        return []
    regimes_en = "; ".join(k.en("regimes", r) for r in found)
    regimes_zh = "；".join(k.zh("regimes", r) for r in found)
    if final:
        return [c.Para(f"The screening found this transaction prohibited (Part 9: {regimes_en}).",
                       f"筛查结论为禁止（见第九部分：{regimes_zh}）。", style="flag")]
    return [c.Para(
        f"The screening found this transaction PROHIBITED (Part 9: {regimes_en}). Applying "
        "does not make it permissible; do not complete it without legal advice.",
        f"筛查结论为禁止（见第九部分：{regimes_zh}）。"
        "提交申请不代表交易已获准许；取得法律意见前请勿交割。",
        style="flag")]


def _ai_blocks(data: FilingData) -> list[c.Block]:
    ai = data.facts.target.ai
    if ai is None:
        # No profile is no declaration: "the applicant states that it does not develop AI
        # systems" was printed for applicants never asked. What the facts do say is said,
        # and the distillation flag as the US notification says it ("not stated").
        if not k.no_ai_system(data):  # an AI activity recorded, or none stated
            said = c.Para("Not stated: the applicant's AI profile (whether it develops AI "
                          "systems, its largest training run, its intended end uses) has not "
                          "been given.",
                          "未填报：申请人尚未提供其人工智能情况（是否研发人工智能系统、最大训练计算量、"
                          "预期最终用途）。", style="flag")
        else:
            said = c.Para("Not applicable: the applicant's business activities, as recorded, "
                          "include no AI model development or AI application.",
                          "不适用：所记录的申请人业务活动不包括人工智能模型研发或人工智能应用。")
        return [said, *k.distillation_blocks(data, bilingual=True)]
    rows = (
        _f("Develops AI systems", "是否研发人工智能系统", k.yes_no(ai.develops_ai_system, bilingual=True),
           path="target.ai.develops_ai_system"),
        _f("Largest training run", "最大训练计算量", k.operations(ai.max_training_compute_ops, bilingual=True),
           path="target.ai.max_training_compute_ops"),
        _f("Primarily biological sequence data", "是否主要使用生物序列数据",
           k.yes_no(ai.primarily_biological_sequence_data, bilingual=True),
           path="target.ai.primarily_biological_sequence_data"),
        _f("Intended end uses", "预期最终用途", k.listing("end_uses", ai.end_uses, bilingual=True),
           path="target.ai.end_uses"),
    )
    provenance = ai.trained_on_us_model_outputs
    if provenance is None and not k.ai_declarations_apply(ai):
        # No AI system and nothing recorded of one: not an undeclared fact.
        decl_zh = "不适用：申请人不研发人工智能系统。"
        decl_en = "Not applicable: the applicant does not develop AI systems."
    elif provenance is None:
        decl_zh = "申请人尚未就其模型是否使用美国来源模型的输出进行训练作出声明。"
        decl_en = ("The applicant has not yet declared whether its models were trained on outputs "
                   "of US-origin models.")
    elif provenance:
        models = "；".join(ai.us_models_used or ()) or "未列明"  # the English says "not named"
        decl_zh = f"申请人声明，其模型训练使用了下列美国来源模型的输出：{models}。"
        decl_en = (f"The applicant declares that its models were trained on outputs of the "
                   f"following US-origin models: {'; '.join(ai.us_models_used or ()) or 'not named'}.")
    else:
        decl_zh = "申请人声明，其模型训练未使用美国来源模型的输出。"
        decl_en = "The applicant declares that its models were not trained on outputs of US-origin models."
    declaration: c.Block = c.Para(decl_en, decl_zh)
    if provenance is None and k.ai_declarations_apply(ai):
        # Not declared yet: a row of its own, so that a draft marks it MISSING in place, as
        # its missing-information box lists it.
        declaration = c.Fields((_f("Declaration", "声明", f"{decl_zh}\n{decl_en}",
                                   path="target.ai.trained_on_us_model_outputs"),))
    return [
        *k.ai_answer_blocks(ai, bilingual=True),
        c.Fields(rows),
        c.Heading("Model-provenance declaration", "模型来源声明", level=2),
        declaration,
        *k.distillation_blocks(data, bilingual=True),
    ]


def _data_export(data: FilingData, missing: list[tuple[str, str]]) -> list[c.Block]:
    # Not yet stated: the rows still print, each marked "not stated"; a draft marks in
    # place each one its missing-information box names (every row has its fact's path).
    # The required row stands for the data export facts as a whole where the box asks for
    # them so (none stated, and the screening named none of them).
    de = data.facts.deal.data_export
    as_a_whole = de is None and any(p == "deal.data_export" for p, _ in missing)
    named = k.form_names(KIND)  # the rows' names, which the missing box uses too

    def row(key: str, value: str, path: str | None = None) -> c.Field:
        en, zh = named[f"deal.data_export.{key}"]
        return _f(en, zh or "", value, path=path or f"deal.data_export.{key}")

    return [c.Fields((
        row("cii_operator", k.yes_no(de.cii_operator if de else None, bilingual=True)),
        row("important_data", k.yes_no(de.important_data if de else None, bilingual=True),
            path="deal.data_export" if as_a_whole else None),
        row("pi_subjects_processed", k.number(de.pi_subjects_processed if de else None)),
        row("pi_subjects_current_year", k.number(de.pi_subjects_current_year if de else None)),
        row("sensitive_pi_subjects_current_year",
            k.number(de.sensitive_pi_subjects_current_year if de else None)),
    ))]


def _tech_transfer(data: FilingData) -> list[c.Block]:
    # Not yet stated: the rows say so, as Part 7's do. No technology transferred: the
    # catalogue items are not asked for, and their rows say why (forms.json `conditional`).
    tt = data.facts.deal.technology_transfer

    def items(key: str) -> str:
        listed = getattr(tt, key) if tt else None
        if listed:
            return _items(listed)
        # No list, or an empty one, where no technology is transferred: not asked, and the
        # row says why (an empty list printed "None" there, null the reason). An empty list
        # where the question is asked: none.
        said = k.required_or_why_not(data, f"deal.technology_transfer.{key}", None)
        return _items(listed) if listed == [] and said == k.NOT_STATED else said

    return [c.Fields((
        _f("Technology transferred or licensed to the foreign investor",
           "是否向外国投资者转让或许可技术", k.yes_no(tt.transfers if tt else None, bilingual=True),
           path="deal.technology_transfer.transfers"),
        _f("Restricted catalogue items", "限制出口技术目录项目", items("restricted_catalogue_items")),
        _f("Prohibited catalogue items", "禁止出口技术目录项目", items("prohibited_catalogue_items")),
    ))]


# Room for the company seal: official seals are round, up to about 42 mm across.
SEAL_MM = 46

DECLARATION_ZH = (
    "申请人及外国投资者郑重声明：本申请书所填内容及所附文件真实、准确、完整，不存在虚假记载、误导性"
    "陈述或重大遗漏；附件清单所列SHA-256校验值与所提交文件一致。如有不实，愿承担相应法律责任。"
)
DECLARATION_EN = (
    "The applicant and the foreign investor solemnly declare that the contents of this application "
    "and the attached documents are true, accurate and complete, contain no false statement, "
    "misleading representation or material omission, and that the SHA-256 values listed match the "
    "documents submitted. They accept legal responsibility for any untrue statement."
)


# How an applicant organised outside mainland China executes the application: it has no
# 公章 (a seal of PRC company law), so its authorised signatory signs, and its own seal
# (a Cayman or BVI common seal, a Hong Kong company chop), if it has one, is optional.
OFFSHORE_EXECUTION_ZH = (
    "申请人注册于中国内地以外，没有中国法律意义上的公章：本申请书由申请人的授权签字人签字，"
    "其签字权限以申请人董事会决议或授权书为据；申请人如有公司印章，在印章栏加盖，否则该栏留空。"
)
OFFSHORE_EXECUTION_EN = (
    "The applicant is organised outside mainland China and has no company seal (公章) in the "
    "sense of PRC law: this application is signed by its authorised signatory, whose authority "
    "rests on a resolution of the applicant's board or a power of attorney; the applicant's "
    "common seal or company chop, if it has one, goes in the seal box, which is otherwise "
    "left blank."
)


def applicant_seal(jurisdiction: str | None) -> tuple[str, str]:
    """The declaration's seal box, by the applicant's place of organisation: the company
    seal (公章) of a company organised in mainland China; the common seal or chop, if any,
    of one organised elsewhere (which has no 公章); either while the place is not stated."""
    if jurisdiction == "CN":
        return "Company seal of the applicant", "申请人（公章）"
    if k.stated_place(jurisdiction):
        return "Seal or company chop of the applicant, if it has one", "申请人印章（如有）"
    return ("Company seal of the applicant (organised outside mainland China: its seal, "
            "if it has one)", "申请人（公章；境外注册的申请人：印章，如有）")


def build(data: FilingData, *, final: bool, approved: bool, generated_at: str,
          missing: list[tuple[str, str]], tracks: tuple[Track, ...]) -> c.FilingDocument:
    facts = data.facts
    target, deal = facts.target, facts.deal
    blocks: list[c.Block] = []
    boxed = bool(missing) and not final
    if boxed:
        blocks.append(c.Missing(tuple(missing)))
    # The filer's own number, not the authority's (案件编号 alone read as its case number).
    blocks.append(c.Para(f"Applicant's internal case reference: {data.reference}",
                         f"申请人内部案件编号：{data.reference}", style="small"))
    blocks.append(c.Heading("Applications", "申请事项"))
    blocks.extend(_applications(tracks, boxed and any(p == "tracks" for p, _ in missing),
                                generated_at))
    blocks.extend(_prohibited(data, final))
    blocks.extend(_no_longer_needed(data, tracks, final))
    blocks.extend(k.advice_blocks(data, PREFIX, bilingual=True, final=final))
    blocks.extend(k.self_approval_blocks(tracks, bilingual=True, person=data.person))

    blocks.append(_applicant_heading(target.jurisdiction))
    blocks.append(c.Fields((
        _f("Name (Chinese)", "中文名称", k.text_or_dash(target.name_zh), path="target.name_zh"),
        _f("Name (English)", "英文名称", target.name_en),
        _f("Unified Social Credit Code", "统一社会信用代码", k.required_or_why_not(data, "target.uscc", target.uscc), path="target.uscc"),
        _f("Place of organisation", "注册地", k.country(target.jurisdiction, bilingual=True), path="target.jurisdiction"),
        _f("Principal place of business", "主要经营地", k.country(target.headquarters, bilingual=True), path="target.headquarters"),
        _f("Leading technology / AI enterprise", "是否为领先科技／人工智能企业",
           k.yes_no(target.leading_tech_enterprise, bilingual=True)),
        _f("Turnover, previous financial year", "上一会计年度营业额", _turnover(target.turnover_cny)),
        _particular_field(data, "applicant.registered_address"),
        _signatory_field(data),
        _particular_field(data, "applicant.contact_name"),
        _particular_field(data, "applicant.contact_phone"),
        _particular_field(data, "applicant.contact_email", required=False),
    )))

    blocks.append(c.Heading("Part 2. Foreign investor", "二、外国投资者基本情况"))
    blocks.append(_investor_fields(data))

    blocks.append(c.Heading("Part 3. The transaction", "三、交易情况"))
    purpose, purpose_flag = _purpose(data, final=final)
    completed = k.deal_completed_on(data)
    blocks.append(c.Fields((
        _f("Form of investment", "投资方式", k.both("instruments", deal.instrument)),
        _f("Investment amount", "投资金额", k.money_both(deal.amount), path="deal.amount"),
        _f("Shareholding after the transaction", "交易后持股比例", k.percent(deal.stake_after_pct, zh=True), path="deal.stake_after_pct"),
        _f("Board seats", "董事席位", k.number(deal.board_seats)),
        _f("Veto rights", "否决权", k.yes_no(deal.veto_rights, bilingual=True)),
        _f("Signing date", "签署日期", k.date_both(deal.signing_date), path="deal.signing_date"),
        # Once the deal completed, its completion date, as the other filings say it.
        *([_f("Completion date", "交割日期", k.date_both(date.fromisoformat(completed)))]
          if completed else
          [_f("Expected completion date", "预计交割日期", k.date_both(deal.expected_completion_date),
              path="deal.expected_completion_date")]),
        _f("Purpose of the investment", "投资目的", purpose, path="deal.commercial_rationale"),
    )))
    blocks += purpose_flag

    blocks.append(c.Heading("Part 4. Control analysis", "四、控制权分析"))
    blocks += _control_paragraph(data, final=final)

    blocks.append(c.Heading("Part 5. Business sectors", "五、所属行业与领域"))
    blocks.append(c.Fields((
        _f("Business activities", "主营业务", k.listing("activities", target.activities, bilingual=True)),
        _f(*k.label("texts", "security_review_fields"),
           k.listing("security_sectors", target.security_sectors, bilingual=True)),
    )))

    blocks.append(c.Heading("Part 6. AI profile and model provenance", "六、人工智能情况及模型来源"))
    blocks.extend(_ai_blocks(data))

    blocks.append(c.Heading("Part 7. Data to be exported", "七、数据出境情况"))
    blocks.extend(_data_export(data, missing))

    blocks.append(c.Heading("Part 8. Technology transfer", "八、技术转让情况"))
    blocks.extend(_tech_transfer(data))

    blocks.append(c.Heading("Part 9. Screening determinations", "九、筛查结论及依据"))
    blocks.extend(k.determinations_table(data, PREFIX, bilingual=True, person=data.person,
                                         advice=False, names=k.row_names(blocks)))

    blocks.append(c.Heading("Part 10. Attachments", "十、附件清单"))
    blocks.append(k.attachments_table(data, bilingual=True, tracks=tracks))

    blocks.append(c.Heading("Part 11. Declaration", "十一、声明"))
    blocks.append(c.Para(DECLARATION_EN, DECLARATION_ZH))
    if k.stated_place(target.jurisdiction) and target.jurisdiction != "CN":
        blocks.append(c.Para(OFFSHORE_EXECUTION_EN, OFFSHORE_EXECUTION_ZH, style="note"))
    blocks.append(c.Signature((
        k.applicant_signature(target.jurisdiction),
        applicant_seal(target.jurisdiction),
        # As Part 2 names them: its authorised representative (授权代表), or the person.
        investor_signature(data),
    ), height_mm=SEAL_MM))
    return k.document(KIND, data, blocks, final=final, approved=approved,
                      generated_at=generated_at, missing=missing)
