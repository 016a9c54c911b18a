"""Limits on what a scenario may hold (issue 16): refused cheaply, with the file, the place and the limit.

Before parsing, :func:`natosim._engine.scenario.prescan` refuses long lines, long dotted keys and table
headers, and deep nesting, which cost the TOML parser time and memory far beyond the file's size.
After parsing, the schema bounds the number of members, candidates, edges, deals and events, the
length of every string and the range of every number. The exact messages of small cases are in
tests/bad/ (tests/test_errors.py); here are the large cases, with their cost.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

import natosim
from natosim._engine import rulespec, scenario, schema
from natosim._engine.roster import directory
from natosim.errors import NatosimError, shown

HEAD = 'title = "T"\nas_of = 2024-04-02\n'


def refused(text: str, *, path: str = "big.toml", parsed: bool = False) -> str:
    """The message of loading ``text``; unless ``parsed``, it must be refused before the TOML parser sees it.

    How long a refusal takes is measured by ``benchmarks/worst_cases.py``, not here: what a test can
    pin without a clock is that the costly parser never runs on these inputs.
    """
    data = text.encode("utf-8")
    with pytest.MonkeyPatch.context() as mp:
        if not parsed:
            mp.setattr(tomllib, "loads", lambda *_: pytest.fail("the TOML parser ran; expected a refusal before it"))
        with pytest.raises(NatosimError) as info:
            scenario.parse(data, path=path)
    return str(info.value)


def rows(item: str, n: int) -> str:
    """``n`` times ``item``, in lines of at most 90,000 characters."""
    per = 90_000 // len(item)
    return "".join(item * min(per, n - i) + "\n" for i in range(0, n, per))


def key_of(parts: int) -> str:
    return "x" + ".x" * (parts - 1)


# --- before parsing -------------------------------------------------------------------------------


def test_the_issue_cases_are_refused_before_parsing() -> None:
    """A 60 KB file with one dotted key of 30,000 parts, and a table header of 100,000 (9-11 s in tomllib)."""
    text = HEAD + key_of(30_000) + " = 1\n"
    assert 59_000 < len(text) < 61_000
    message = refused(text)
    assert message == "big.toml: line 3: expected a key or table header of at most 16 dotted parts; got 30000"
    message = refused(HEAD + "[" + key_of(30_000) + "]\n")
    assert message == "big.toml: line 3: expected a key or table header of at most 16 dotted parts; got 30000"
    message = refused(HEAD + "[" + key_of(100_000) + "]\n")
    assert message == "big.toml: line 3: expected a line of at most 100000 characters; got 200001"


def test_quoted_and_spaced_key_parts_count_too() -> None:
    message = refused(HEAD + "[" + " . ".join(['"a.b"'] * 17) + "]\n")
    assert message == "big.toml: line 3: expected a key or table header of at most 16 dotted parts; got 17"
    message = refused(HEAD + "x = { " + key_of(20) + " = 1 }\n")
    assert message == "big.toml: line 3: expected a key or table header of at most 16 dotted parts; got 20"


def test_what_strings_and_comments_hold_is_not_a_key() -> None:
    dots = key_of(40)
    text = (
        HEAD
        + f"# {dots}\n[allies.Hungary]\nreason = \"{dots}\"\nsource = '{dots}'\n"
        + f'[candidates.a]\nname = """\n{dots}\n[[[[[[[[[[[[[[[[[[[[\n"""\n'
    )
    s = natosim.parse(text, path="t.toml")
    assert s.positions["HUN"].reason == dots
    assert s.candidates[0].name == f"{dots}\n[[[[[[[[[[[[[[[[[[[[\n"


def test_the_limits_themselves_pass_the_scan() -> None:
    scenario.prescan(HEAD + key_of(16) + " = 1\n", "t.toml")
    scenario.prescan(HEAD + "x = " + "[" * 16 + "]" * 16 + "\n", "t.toml")
    scenario.prescan(HEAD + "# " + "x" * (scenario.MAX_LINE - 2) + "\n", "t.toml")
    with pytest.raises(NatosimError, match="line 3: expected a line of at most 100000 characters; got 100001"):
        scenario.prescan(HEAD + "# " + "x" * (scenario.MAX_LINE - 1) + "\n", "t.toml")


def test_the_line_of_a_problem_counts_the_lines_of_multi_line_strings() -> None:
    text = HEAD + "[proposal]\nname = '''\n\n\n'''\n" + "y = " + "{ a = " * 17 + "1" + " }" * 17 + "\n"
    message = refused(text)
    assert message == "big.toml: line 8: expected arrays and tables nested at most 16 deep; got 17 levels"


MiB4 = scenario.MAX_BYTES - 200_000
WORST: dict[str, Callable[[], str]] = {
    # each: about 4 MiB of what the scan must read (in lines of 90,000 characters), then a key of 30,000 parts at the very end
    "short lines": lambda: (" " * 90_000 + "\n") * (MiB4 // 90_001),
    "brackets": lambda: "x = [\n" + rows("[],", MiB4 // 3) + "]\n",
    "short strings": lambda: "x = [\n" + rows("'',", MiB4 // 3) + "]\n",
    "multi-line strings": lambda: "x = [\n" + rows("''' ''',", MiB4 // 9) + "]\n",
    "keys of 16 parts": lambda: "".join(f"[{key_of(15)}.k{i}]\n" for i in range(MiB4 // 40)),
    "dots": lambda: "x = [\n" + rows(".", MiB4) + "]\n",
    "empty inline tables": lambda: "x = [\n" + rows("{},", MiB4 // 3) + "]\n",
}


@pytest.mark.parametrize("name", sorted(WORST))
def test_the_worst_cases_are_refused_before_parsing(name: str) -> None:
    text = HEAD + WORST[name]() + key_of(30_000) + " = 1\n"
    assert len(text.encode()) <= scenario.MAX_BYTES
    message = refused(text)
    assert message.endswith("expected a key or table header of at most 16 dotted parts; got 30000")


def test_deep_nesting_after_many_inline_tables_is_refused_before_parsing() -> None:
    text = HEAD + "x = [\n" + rows("{},", 140_000) + "]\ny = " + "[" * 5000 + "\n"  # 280,000 brackets and commas
    message = refused(text)
    assert message.endswith("expected arrays and tables nested at most 16 deep; got 5000 levels")


def test_the_parsers_work_is_bounded_by_the_number_of_keys_parts_and_brackets() -> None:
    """4 MiB of short table headers take tomllib 9 µs each (20 s for 16-part ones): the file's items are counted first."""
    headers = "".join(f"[a.b{i}" + ".c" * 14 + "]\n" for i in range(scenario.MAX_ITEMS // 16 + 10))
    message = refused(HEAD + headers)
    assert message == "big.toml: line 18752: expected at most 300000 keys, dotted parts, brackets and values in a file; got 300162"
    message = refused(HEAD + "[t]\n" + "".join(f"k{i} = [1]\n" for i in range(150_001)))
    assert message == "big.toml: line 150002: expected at most 300000 keys, dotted parts, brackets and values in a file; got 300005"


@pytest.mark.parametrize(
    ("body", "message"),
    [  # values and inline tables cost the parser as much as keys, even without a key or a dot of their own
        (
            "x = [\n" + rows("1,", 300_000) + "]\n",
            "line 10: expected at most 300000 keys, dotted parts, brackets and values in a file; got 300004",
        ),
        (
            "x = [\n" + rows("{},", 300_000) + "]\n",
            "line 8: expected at most 300000 keys, dotted parts, brackets and values in a file; got 600004",
        ),
        (
            "x = [\n" + rows('"",', 300_000) + "]\n",
            "line 13: expected at most 300000 keys, dotted parts, brackets and values in a file; got 300004",
        ),
        ("\n" * 400_000, "line 300001: expected at most 300000 lines in a file; got 400002"),
        ("# a comment\n" * 300_000, "line 300001: expected at most 300000 lines in a file; got 300002"),
        ("".join(f"[t{i}]\n" for i in range(50_001)), "line 50003: expected at most 50000 table headers in a file; got 50001"),
    ],
)
def test_what_costs_the_parser_is_counted_before_parsing(body: str, message: str) -> None:
    assert refused(HEAD + body) == f"big.toml: {message}"


def test_a_file_at_every_other_limit_passes_the_scan() -> None:
    """1,000 members, 20,000 edges, 10,000 events and 1,000 deals, one key a line: under every limit of the scan."""
    members = "".join(f'[body.members.M{i:04d}]\nname = "Member {i}"\npopulation = {i + 1}\n' for i in range(1000))
    edges = "".join(f'[[influence]]\nfrom = "M{i % 1000:04d}"\nto = "M{(i * 7 + 1) % 1000:04d}"\nweight = 0.5\n' for i in range(20_000))
    events = "".join(f'[[events]]\ndate = 2024-05-01\nally = "M{i % 1000:04d}"\nstance = "support"\nsource = "s"\n' for i in range(10_000))
    deals = "".join(f'[[deals]]\nname = "d{i}"\neffects = {{ M{i:04d} = "support" }}\n' for i in range(1000))
    scenario.prescan(HEAD + '[body]\nname = "B"\n' + members + edges + events + deals, "big.toml")


# --- after parsing: counts and lengths ---------------------------------------------------------------


def declared(n: int) -> str:
    return HEAD + '[body]\nname = "B"\n' + "".join(f'[body.members.M{i:04d}]\nname = "Member {i}"\n' for i in range(n))


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        (
            lambda: declared(40) + "".join(f'[[influence]]\nfrom = "M{i % 40:04d}"\nto = "M{(i // 40) % 40:04d}"\n' for i in range(20_001)),
            "influence: expected at most 20000 influence edges; got 20001",
        ),
        (
            lambda: "".join('[[events]]\ndate = 2024-05-01\nally = "HUN"\nstance = "support"\n' for _ in range(10_001)),
            "events: expected at most 10000 events; got 10001",
        ),
        (
            lambda: "".join(f'[[deals]]\nname = "d{i}"\neffects = {{ HUN = "support" }}\n' for i in range(1_001)),
            "deals: expected at most 1000 deals; got 1001",
        ),
        (lambda: "members = [" + ", ".join(['"HUN"'] * 1_001) + "]\n", "members: expected at most 1000 members; got 1001"),
        (lambda: "focal_dates = [" + ", ".join(["2024-05-01"] * 1_001) + "]\n", "focal_dates: expected at most 1000 dates; got 1001"),
    ],
    ids=["influence", "events", "deals", "members", "focal_dates"],
)
def test_counts_over_the_limits_are_refused(tables: Callable[[], str], message: str) -> None:
    text = tables()
    got = refused(text if text.startswith(HEAD) else HEAD + text, parsed=True)
    assert got == f"big.toml: {message}"


def test_a_body_at_the_member_limit_loads() -> None:
    s = natosim.parse(declared(schema.MAX_MEMBERS), path="t.toml")
    assert len(s.members) == 1000


def test_every_limit_is_in_the_json_schema_too() -> None:
    defs = schema.json_schema()["$defs"]
    top = defs["ScenarioDoc"]["properties"]
    assert top["influence"]["maxItems"] == schema.MAX_INFLUENCE == 20_000
    assert top["events"]["maxItems"] == schema.MAX_EVENTS == 10_000
    assert top["deals"]["maxItems"] == schema.MAX_DEALS
    assert top["allies"]["maxProperties"] == top["members"]["maxItems"] == schema.MAX_MEMBERS == 1_000
    assert top["candidates"]["maxProperties"] == schema.MAX_CANDIDATES
    assert top["title"]["maxLength"] == schema.MAX_NAME
    assert defs["AllyDoc"]["properties"]["reason"]["maxLength"] == schema.MAX_TEXT == 10_000
    assert defs["AllyDoc"]["properties"]["cost"]["anyOf"][0]["maximum"] == schema.MAX_COST  # a number, or (v1.3) a range
    assert defs["BodyMemberDoc"]["properties"]["population"]["maximum"] == schema.MAX_POPULATION
    assert defs["BodyDoc"]["properties"]["members"]["minProperties"] == 1


# --- numbers the engines cannot hold -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[allies.Hungary]\ncost = 1e308\n", "allies.Hungary.cost: expected a number <= 1000000000"),
        ("[allies.Hungary]\ncost = -inf\n", "allies.Hungary.cost: expected a finite number in (0, 1000000000]; got -inf"),
        (
            "[allies.Hungary]\nmedian_days = { rutte = inf }\n[candidates.rutte]\n",
            "allies.Hungary.median_days.rutte: expected a finite number in (0, 1000000]; got inf",
        ),
        (
            "[allies.Hungary]\np_move = { rutte = nan }\n[candidates.rutte]\n",
            "allies.Hungary.p_move.rutte: expected a finite number in [0, 1]; got nan",
        ),
        ("[candidates.a]\nwithdraw_cost = inf\n", "candidates.a.withdraw_cost: expected a finite number in (0, 1000000000]; got inf"),
        ("rule = { quota = 0.5, min_members = nan }\n", "rule.min_members: expected a finite number in [0, 1]; got nan"),
        (
            '[body]\nname = "B"\n[body.members.AA]\nname = "A"\npopulation = 9223372036854775807\n',
            "body.members.AA.population: expected an integer <= 10000000000",
        ),
    ],
)
def test_non_finite_and_absurd_numbers_name_the_place_and_the_range(toml: str, message: str) -> None:
    got = refused(HEAD + toml, parsed=True)
    assert got == f"big.toml: {message}"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("quota=inf", "--rule: quota: expected a finite number in (0, 1]; got inf"),
        ("quota=nan", "--rule: quota: expected a finite number in (0, 1]; got nan"),
        ("quota=0.5,blocking_min=99999", "--rule: blocking_min: expected an integer <= 1000"),
        (
            "quota=0.5,weigth=one",
            "--rule: weigth: unknown key 'weigth'; expected one of quota, weight, min_members, blocking_min, min_count, veto_members; did you mean 'weight'?",
        ),
    ],
)
def test_rule_overrides_get_the_ranges_of_the_files_rule_table(rule: str, message: str) -> None:
    with pytest.raises(NatosimError) as info:
        rulespec.parse_rule(rule, where="--rule")
    assert str(info.value) == message
    # the same check, from the file: the same words after the place
    key, _, value = rule.split(",")[-1].partition("=")
    table = "{ quota = 0.5, " + f"{key} = {value if key != 'weigth' else repr(value)}" + " }" if "," in rule else f"{{ {key} = {value} }}"
    got = refused(HEAD + f"rule = {table}\n", parsed=True)
    assert got.split(": ", 2)[2] == message.split(": ", 2)[2]


def test_a_weight_rule_override_on_a_body_of_zero_weights_is_refused() -> None:
    text = HEAD + '[body]\nname = "B"\n[body.members.AA]\nname = "A"\nweight = 0\n'
    s = natosim.parse(text, path="t.toml")
    with pytest.raises(NatosimError) as info:
        rulespec.check_rule(rulespec.parse_rule("quota=0.5,weight=weight"), s.members, where="--rule")
    assert str(info.value) == "--rule: the rule weights by weight but every member's weight is 0; expected at least one weight > 0"


# --- names and messages -------------------------------------------------------------------------------


def test_user_text_in_messages_is_shortened_even_with_spaces() -> None:
    name = "Hun gary " * 20_000
    with pytest.raises(NatosimError) as info:
        directory("nato").resolve(name, when=" on 2024-04-02")
    assert len(str(info.value)) < 300
    assert "(179999 characters)" in str(info.value)
    assert shown("a\nb\r\n c") == "a b c"
    assert len(shown("x " * 1000)) < 100


def test_a_file_name_with_a_line_break_gives_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "two\nlines.toml"
    bad.write_text(HEAD + '[allies.Hungry]\nstance = "oppose"\n', encoding="utf-8")
    with pytest.raises(NatosimError) as info:
        natosim.load(str(bad))
    assert "\n" not in str(info.value)
    assert str(info.value).endswith(
        "allies.Hungry: unknown ally 'Hungry'; expected an English name, code or alias of a member on 2024-04-02; did you mean 'Hungary'?"
    )


def test_text_after_a_value_is_reported_on_its_line() -> None:
    got = refused('title = "T" x\nas_of = 2024-04-02\n', parsed=True)
    assert got == "big.toml: line 1, column 13: invalid TOML: more text after a value; expected a line break (one key = value per line)"
    got = refused(HEAD + "[allies.Hungary]\ncost = 1 2\n", parsed=True)
    assert got.startswith("big.toml: line 4, column 10: invalid TOML: more text after a value")


def test_a_number_too_long_for_python_is_refused_before_parsing() -> None:
    """Issue 25: an integer literal of 4,301 digits made tomllib raise Python's own ValueError (a traceback)."""
    assert refused(HEAD + "seats = " + "1" * 4301 + "\n") == "big.toml: line 3: a number of 4,301 digits; expected at most 4000"
    assert refused(HEAD + "seats = " + "1_" * 4100 + "1\n") == "big.toml: line 3: a number of 4,101 digits; expected at most 4000"
    # digits in strings and comments are text, and dates are not numbers
    scenario.prescan(HEAD + 'title2 = "' + "9" * 5000 + '"  # ' + "9" * 5000 + "\n", "ok.toml")
    # below the limit the parser reads it and the range check names the key
    assert refused(HEAD + "seats = " + "9" * 4000 + "\n", parsed=True) == "big.toml: seats: expected an integer <= 100"


@pytest.mark.parametrize("weight", ["5e-324", "0.0000001", "1.1234567"])
def test_a_weight_finer_than_a_millionth_is_refused_with_its_place(weight: str) -> None:
    """Issue 25: a member weight of 5e-324 made power and paths raise OverflowError (weights are scaled to exact integers)."""
    text = HEAD + '[body]\nname = "b"\n[body.members.AAA]\nname = "A"\nweight = ' + weight + '\n[body.members.BBB]\nname = "B"\n'
    message = refused(text, parsed=True)
    assert message.startswith(f"big.toml: body.members.AAA.weight: weight {float(weight)!r} has more than 6 decimal places; ")
    natosim.parse(text.replace(weight, "0.000001"), path="ok.toml")
    natosim.parse(text.replace(weight, "0"), path="ok.toml")
