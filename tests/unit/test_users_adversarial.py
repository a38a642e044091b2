"""Users and sign-in as a real office and a sceptical auditor use them: names typed on
other keyboards or pasted with invisible characters, look-alike and role-like names,
passwords in other Unicode forms, broken pastes, a password equal to the name, a clock
put back during a lock-out, ten guesses at once, the last administrator locked out, and
what an export carries. (test_auth.py and test_users.py hold the ordinary cases.)"""

from __future__ import annotations

import csv
import json
import threading
import unicodedata
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.models import Event, User
from tests.users_support import create_user_with_own_password

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
T0 = datetime(2026, 11, 2, 9, 0, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def office(db):
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        create_user_with_own_password(s, actor=ROOT, username="bill", password=PW,
                                      roles=["preparer"], display_name="Bill Lee")
    return db


def add(db, username: str, password: str = PW, display_name: str = "") -> users.UserInfo:
    """A colleague who has signed in once and chosen `password`."""
    with db.session() as s:
        return create_user_with_own_password(s, actor=ROOT, username=username,
                                             password=password, roles=["preparer"],
                                             display_name=display_name)


def refusal(db, **kwargs) -> dict[str, str]:
    """The problems, by field, of creating a user with `kwargs` (which must be refused)."""
    args = {"username": "newbie", "password": PW, "display_name": "", **kwargs}
    with pytest.raises(InputError) as err, db.session() as s:
        users.create_user(s, actor=ROOT, roles=["preparer"], **args)
    with db.read_session() as s:  # nothing half-written
        assert all(u.username != args["username"] for u in users.list_users(s))
    return {p.path: p.message for p in err.value.problems}


def sign_in(db, username: str, password: str = PW, when: datetime = T0,
            purpose: str = "sign-in") -> auth.SignInResult:
    with db.session() as s:
        return auth.sign_in(s, username=username, password=password, now=when, purpose=purpose)


def events(db, action: str) -> list[SimpleNamespace]:
    with db.read_session() as s:
        rows = s.exec(select(Event).where(Event.action == action).order_by(Event.id)).all()
        return [SimpleNamespace(**e.model_dump()) for e in rows]


# --- user names ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["ｂｉｌｌ", "bi\u200bll", "\ufeffBILL", "\u00a0bill\u3000",
                                   "b\u2060ill"])
def test_sign_in_finds_the_account_however_the_name_was_typed_or_pasted(office,
                                                                        typed: str) -> None:
    """Full-width from an input method, a zero-width space or byte-order mark from a chat,
    a no-break space: the same name to the person typing it."""
    result = sign_in(office, typed)
    assert result.ok and result.actor.username == "bill"


def test_a_name_typed_in_full_width_or_with_invisible_characters_is_stored_plain(office) -> None:
    assert add(office, "ｒｉｔａ．ｃｈｅｎ").username == "rita.chen"
    assert add(office, "\u200bpat\ufeff").username == "pat"
    assert refusal(office, username="ＲＩＴＡ.chen")["username"].startswith(
        "'RITA.chen' is already taken: it is the user 'rita.chen'")


@pytest.mark.parametrize(("typed", "named"), [
    ("rit\u0430", "CYRILLIC SMALL LETTER A"),  # looks exactly like "rita"
    ("\u0440at", "CYRILLIC SMALL LETTER ER"),  # looks like "pat"
    (unicodedata.normalize("NFD", "José"), "LATIN SMALL LETTER E WITH ACUTE"),
    (unicodedata.normalize("NFC", "José"), "LATIN SMALL LETTER E WITH ACUTE"),
])
def test_a_letter_that_only_looks_latin_is_refused_by_name(office, typed: str,
                                                           named: str) -> None:
    message = refusal(office, username=typed)["username"]
    assert named in message and "a-z" in message


def test_a_look_alike_of_a_latin_name_cannot_sign_in_as_it(office) -> None:
    assert sign_in(office, "bi\u04cfl").status == "wrong"  # Cyrillic palochka for "l"
    assert events(office, "user.sign_in_failed")[-1].reason == "unknown user name"


@pytest.mark.parametrize("twin", ["biII", "bi1l", "B1LL", "biIl"])
def test_a_name_a_reader_cannot_tell_from_an_existing_one_is_refused(office, twin: str) -> None:
    message = refusal(office, username=twin)["username"]
    assert "looks too much like the existing user 'bill'" in message


def test_look_alikes_count_against_deactivated_users_and_rn_for_m(office) -> None:
    add(office, "mary")
    with office.session() as s:
        users.deactivate_user(s, actor=ROOT, username="mary", reason="left")
    assert "'mary'" in refusal(office, username="rnary")["username"]
    assert "'root'" in refusal(office, username="r00t")["username"]
    assert add(office, "billy").username == "billy"  # a different name is fine
    assert add(office, "clara").username == "clara"


@pytest.mark.parametrize("name", ["admin", "Administrator", "APPROVER", "reviewer",
                                  "preparer", "adm1n"])
def test_a_role_is_not_a_user_name(office, name: str) -> None:
    message = refusal(office, username=name)["username"]
    assert "is a role, not a person" in message


@pytest.mark.parametrize("name", ["system", "SYSTEM", "systern",
                                  "sign_in", "Sign.In", "signin", "cli"])
def test_the_app_s_own_names_are_reserved_in_any_spelling(office, name: str) -> None:
    assert "reserved for the app's own records" in refusal(office, username=name)["username"]


def test_the_first_administrator_cannot_be_called_admin(db) -> None:
    with pytest.raises(InputError) as err, db.session() as s:
        users.create_first_admin(s, username="admin", password=PW)
    assert "role, not a person" in err.value.problems[0].message
    with db.read_session() as s:
        assert users.first_start_needed(s)


@pytest.mark.parametrize("display", [
    "Eve \u202eniamdA",  # right-to-left override: reads "Eve Admin" reversed
    "Eve\nApproved by Rita Chen",  # a forged second line in a PDF or CSV
    "Bill\u200b Lee",  # a zero-width space: "Bill Lee" that is not "Bill Lee"
    "Eve\u2066Lee",
    "Mallory\u2028Approved by Ada Wong",  # a line separator breaks the line as \n does
    "Mallory\u2029Approved by Ada Wong",
])
def test_a_full_name_with_control_or_invisible_characters_is_refused(office,
                                                                      display: str) -> None:
    message = refusal(office, display_name=display)["display_name"]
    assert "invisible or control characters" in message and "U+" in message


def test_a_full_name_is_stored_in_one_normal_form(office) -> None:
    decomposed = unicodedata.normalize("NFD", "José Núñez")
    assert add(office, "jose", display_name=decomposed).display_name == "José Núñez"
    with office.session() as s:
        users.set_display_name(s, actor=ROOT, username="jose",
                               display_name=unicodedata.normalize("NFC", "José Núñez"))
    assert events(office, "user.changed") == []  # the same name: nothing changed
    # A joiner some scripts need inside a name is kept.
    assert add(office, "mehr", display_name="Mehr\u200cnaz").display_name == "Mehr\u200cnaz"


# --- passwords ----------------------------------------------------------------------


@pytest.mark.parametrize(("password", "count"), [
    ("\ufdfa", 1),  # one character that NFKC spells out as 18 letters and spaces
    ("\u33af\u33af", 2),  # "㎯": six characters under NFKC
    ("\ufb03" * 6, 6),  # the "ffi" ligature
])
def test_the_minimum_counts_characters_typed_not_a_compatibility_expansion(
        password: str, count: int) -> None:
    with pytest.raises(InputError) as err:
        auth.check_password_rules(password)
    assert f"at least 12 characters long (it has {count})" in err.value.problems[0].message


def test_the_password_form_is_rfc_8265_opaque_string() -> None:
    assert auth.normalise_password("Cafe\u0301\u00a0Zu\u0308rich") == "Café Zürich"
    assert auth.normalise_password("ｘ\u3000ｙ") == "x y"  # full-width, as documented
    # Compatibility characters stay what they are (NFKC made "x²" and "x2" one password).
    assert auth.normalise_password("x\u00b2 \ufb01") == "x\u00b2 \ufb01"


def test_other_spaces_are_a_plain_space_and_distinct_characters_stay_distinct(office) -> None:
    add(office, "sam", "two\u00a0words and more")  # a no-break space from a password manager
    assert sign_in(office, "sam", "two words and more").ok
    add(office, "sue", "x\u00b2 is not x2 today")
    assert sign_in(office, "sue", "x2 is not x2 today").status == "wrong"
    assert sign_in(office, "sue", "x\u00b2 is not x2 today").ok


def test_a_hash_made_in_the_older_nfkc_form_still_works_and_is_upgraded(office) -> None:
    typed = "\ufb01ne \u2460 passphrase"  # "ﬁ" ligature, circled digit one
    with office.session() as s:
        bill = s.exec(select(User).where(User.username == "bill")).one()
        bill.password_hash = auth._hasher.hash(unicodedata.normalize("NFKC", typed))
        s.add(bill)
    assert sign_in(office, "bill", typed).ok
    with office.read_session() as s:
        stored = s.exec(select(User.password_hash).where(User.username == "bill")).one()
    assert auth._verify(stored, typed)  # now stored in the current form


def test_spaces_around_a_password_are_kept_the_same_way_everywhere(office) -> None:
    add(office, "pad", "  padded passphrase  ")
    assert sign_in(office, "pad", "  padded passphrase  ").ok
    assert sign_in(office, "pad", "padded passphrase").status == "wrong"


def test_a_broken_paste_is_refused_not_a_traceback(office) -> None:
    broken = "abcdefghijkl\ud800"  # a lone surrogate
    message = refusal(office, password=broken)["password"]
    assert "cannot read" in message and "\ud800" not in message
    assert sign_in(office, "bill", broken) == auth.SignInResult("wrong", auth.BAD_CREDENTIALS)
    assert sign_in(office, "nobody", broken).status == "wrong"
    with pytest.raises(InputError):
        auth.check_password_rules("abcdefghijkl\U000e0fff")  # unassigned code point


def test_a_very_long_password_is_refused_with_its_length_and_costs_nothing_at_sign_in(
        office) -> None:
    message = refusal(office, password="w" * (auth.MAX_PASSWORD_LENGTH + 1))["password"]
    assert f"at most {auth.MAX_PASSWORD_LENGTH} characters" in message
    assert sign_in(office, "bill", "w" * 5_000_000).status == "wrong"


@pytest.mark.parametrize(("username", "display", "password"), [
    ("rita.chen.legal", "", "rita.chen.legal"),
    ("rita.chen.legal", "", "Rita.Chen.Legal "),
    ("rchen", "Rita Chen-Zhang", "rita chen-zhang"),
])
def test_the_password_cannot_be_the_user_name_or_full_name(office, username: str, display: str,
                                                         password: str) -> None:
    problems = refusal(office, username=username, display_name=display, password=password)
    assert problems == {"password": "must not be the user name or the full name"}


def test_no_way_round_the_name_rule_by_reset_change_or_first_start(db) -> None:
    with pytest.raises(InputError), db.session() as s:
        users.create_first_admin(s, username="ada.wong.admin", password="ADA.WONG.ADMIN")
    with db.session() as s:
        users.create_first_admin(s, username="ada.wong.admin", password=PW)
        users.create_user(s, actor=ROOT, username="bob.the.builder", password=PW,
                          roles=["preparer"])
    ada = Actor("ada.wong.admin", ("admin",))
    with pytest.raises(InputError) as err, db.session() as s:
        users.reset_password(s, actor=ada, username="bob.the.builder",
                             new_password="bob.the.builder")
    assert err.value.problems[0].path == "new_password"
    actor = sign_in(db, "ada.wong.admin").actor
    with pytest.raises(InputError) as err, db.session() as s:
        auth.change_own_password(s, actor=actor, old_password=PW, new_password="Ada.Wong.Admin")
    assert err.value.problems[0].path == "new_password"


# --- lock-out -----------------------------------------------------------------------


def test_a_clock_put_back_during_a_lock_out_does_not_lengthen_it(office) -> None:
    for i in range(5):
        sign_in(office, "bill", "wrong password!", T0 + timedelta(seconds=i))
    back = T0 - timedelta(hours=1)  # the computer's time was put back an hour
    # The user list (here read in the past of the lock) never shows more than 5 minutes.
    with office.read_session() as s:
        row = s.exec(select(User).where(User.username == "bill")).one()
        assert auth.current_lock(row.locked_until, back) == auth.iso(back + auth.LOCKOUT)
    during = sign_in(office, "bill", PW, back, purpose="unlock")
    assert during.status == "locked" and during.remaining_seconds == 300  # not 65 minutes
    moved = events(office, "user.sign_in_refused")[-1]
    assert json.loads(moved.details)["lock_moved"] == ["2026-11-02T09:05:04Z",
                                                      "2026-11-02T08:05:00Z"]
    assert sign_in(office, "bill", PW, back + timedelta(minutes=5)).ok
    # A change of password checks the same capped lock.
    for _ in range(5):
        sign_in(office, "bill", "wrong password!", datetime.now(UTC) + timedelta(hours=2))
    actor = Actor("bill", ("preparer",), "Bill Lee")
    with pytest.raises(InputError) as err, office.session() as s:
        auth.change_own_password(s, actor=actor, old_password=PW, new_password="a new long one")
    assert "Try again in 5 min" in err.value.problems[0].message


def test_ten_guesses_at_once_get_five_tries_and_one_lock(office, data_dir) -> None:
    """Ten windows or processes guessing at the same moment: the count is taken under the
    database's write lock, so there are four refusals, the fifth locks, and the other five
    are refused without being checked (and without locking again)."""
    from approvals.store.migrate import open_database

    start = threading.Barrier(10)
    statuses: list[str] = []

    def guess() -> None:
        database = open_database(data_dir)
        try:
            start.wait()
            statuses.append(sign_in(database, "bill", "wrong password!", T0,
                                    purpose="unlock").status)
        finally:
            database.dispose()

    threads = [threading.Thread(target=guess) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(statuses) == ["locked"] * 6 + ["wrong"] * 4
    assert len(events(office, "user.locked_out")) == 1
    assert len(events(office, "user.sign_in_failed")) == 5
    assert len(events(office, "user.sign_in_refused")) == 5


def test_the_last_administrator_locked_out_is_rescued_on_the_machine(office) -> None:
    """The documented way back when the only administrator is locked out or has forgotten
    the password: `approvals user add rescue --role admin` on the machine (the command line
    acts with every role), and the new administrator lifts the lock or resets it."""
    from approvals.cli.common import cli_actor

    now = datetime.now(UTC)
    for _ in range(5):
        sign_in(office, "root", "forgotten passphrase", now)
    assert sign_in(office, "root", PW, now).status == "wrong"
    with office.session() as s:
        users.create_user(s, actor=cli_actor(), username="rescue", password="a rescue phrase",
                          roles=["admin"])
    # The rescue account's password passed through a terminal or a script: its first
    # sign-in asks for one of its own, like any account another person created.
    asked = sign_in(office, "rescue", "a rescue phrase", now)
    assert asked.must_change and asked.at_creation and asked.reset_by.startswith("cli:")
    assert "command line" in asked.message
    with office.session() as s:
        rescue = auth.sign_in(s, username="rescue", password="a rescue phrase", now=now,
                              new_password="the rescuer's own phrase").actor
    with office.session() as s:
        users.reset_password(s, actor=rescue, username="root", new_password="a brand new one",
                             reason="forgotten")
    assert sign_in(office, "root", "a brand new one", now).must_change
    with office.session() as s:  # root then chooses a password only root knows
        assert auth.sign_in(s, username="root", password="a brand new one", now=now,
                            new_password="root's own phrase").ok
    [created] = [e for e in events(office, "user.created") if e.entity_id == "rescue"]
    assert created.actor.startswith("cli:")


# --- what leaves the machine ---------------------------------------------------------


def test_no_password_hash_or_salt_in_the_audit_csv(office, data_dir, tmp_path) -> None:
    from approvals.services.exports import export_audit_csv

    secret = "Audit-Export-Secret-31"
    add(office, "pat", secret)
    sign_in(office, "pat", secret)
    sign_in(office, "pat", "Wrong-Guess-In-Export-7")
    sign_in(office, "Typed-As-Name-Export-9", "x")
    with office.session() as s:
        users.reset_password(s, actor=ROOT, username="pat", new_password="Reset-Export-Secret-4")
    with office.read_session() as s:
        hashes = s.exec(select(User.password_hash)).all()
        stamps = [auth.session_stamp(u) for u in s.exec(select(User)).all()]
    out = tmp_path / "audit.csv"
    with office.session() as s:
        export_audit_csv(s, actor=ROOT, out=out)
    blob = out.read_bytes()
    rows = list(csv.reader(blob.decode("utf-8-sig").splitlines()))
    assert any("user.password_reset" in row for row in rows)  # the events are there ...
    assert b"$argon2" not in blob  # ... no hash, no salt, no session stamp, no password
    for stored in hashes:
        salt, digest = stored.split("$")[-2:]
        assert salt.encode() not in blob and digest.encode() not in blob
    for word in [secret, "Wrong-Guess-In-Export-7", "Typed-As-Name-Export-9",
                 "Reset-Export-Secret-4", *stamps]:
        assert word.encode() not in blob, word


# --- solo mode ------------------------------------------------------------------------


def test_solo_mode_needs_a_reason_to_be_switched_on(office) -> None:
    """It suspends four-eyes for every case; the self-approvals it allows are read later
    by an auditor, who asks why. Switching it off needs no reason."""
    for reason in ("", "   "):
        with pytest.raises(InputError) as err, office.session() as s:
            auth.set_solo_mode(s, actor=ROOT, enabled=True, reason=reason)
        assert err.value.problems[0].path == "reason"
    with office.read_session() as s:
        assert not auth.get_security_settings(s).solo_mode
    assert events(office, "settings.changed") == []
    with office.session() as s:
        auth.set_solo_mode(s, actor=ROOT, enabled=True, reason="  one-person office ")
        auth.set_solo_mode(s, actor=ROOT, enabled=False)
    on, off = events(office, "settings.changed")
    assert (on.reason, off.reason) == ("one-person office", "")


def test_a_database_error_on_a_user_row_does_not_carry_the_hash(office) -> None:
    """A failed write (a full disk, a constraint) is logged and shown with its text: that
    text names the statement, never its values (a password hash and its salt)."""
    from sqlalchemy.exc import IntegrityError

    with office.read_session() as s:
        stored = s.exec(select(User.password_hash).where(User.username == "bill")).one()
    with pytest.raises(IntegrityError) as err, office.session() as s:
        s.add(User(username="bill", password_hash=stored))
        s.flush()
    text = str(err.value)
    assert "INSERT INTO users" in text  # what failed is still said ...
    assert "$argon2" not in text and stored.split("$")[-2] not in text  # ... not with what


def test_no_hash_or_salt_in_a_review_pack(office, data_dir, tmp_path) -> None:
    """A review pack leaves the office: it names people (the sender, the audit trail of
    the case) but carries nothing of their accounts' secrets, compressed or not."""
    import zipfile

    from approvals.services.cases import import_case
    from approvals.services.review import export_review_pack
    from tests.conftest import EXAMPLES_DIR

    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    with office.session() as s:
        case = import_case(s, data=facts, actor=ROOT)
    sign_in(office, "bill")
    pack = tmp_path / "review.pack"
    with office.session() as s:
        export_review_pack(s, data_dir=data_dir, references=[case.reference], out=pack,
                           actor=ROOT)
    with office.read_session() as s:
        hashes = s.exec(select(User.password_hash)).all()
    with zipfile.ZipFile(pack) as z:
        blob = pack.read_bytes() + b"".join(z.read(m) for m in z.namelist())
    assert b"$argon2" not in blob and PW.encode() not in blob
    for stored in hashes:
        for part in stored.split("$")[-2:]:  # the salt, the digest
            assert part.encode() not in blob


def test_solo_mode_switched_off_while_a_review_is_pending_needs_a_second_person(db) -> None:
    """Solo mode counts when the review is approved, not when it was submitted: switched
    off in between, the preparer's own approval is refused again."""
    from approvals.domain.errors import TransitionRefused
    from tests.unit.test_solo_mode import PAT, step
    from tests.unit.test_solo_mode import ROOT as SOLO_ROOT
    from tests.unit.test_solo_mode import track as make_track

    track = make_track.__wrapped__(db)
    with db.session() as s:
        auth.set_solo_mode(s, actor=SOLO_ROOT, enabled=True, reason="one-person office")
    step(db, track, "submit_for_review", PAT)
    with db.session() as s:
        auth.set_solo_mode(s, actor=SOLO_ROOT, enabled=False, reason="a colleague joined")
    with pytest.raises(TransitionRefused, match="four-eyes"):
        step(db, track, "approve_for_filing", PAT)
    step(db, track, "approve_for_filing", Actor("andy", ("approver",)))
