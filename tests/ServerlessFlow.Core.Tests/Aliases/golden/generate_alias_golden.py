"""Generates aliases.golden.json from StackStorm's own action-alias code (see alias_harness.py):

- parser: ActionAliasFormatParser(format, command).get_extracted_param_value() (or
  get_multiple_extracted_param_value() for match_multiple) -> the parameters, or the error;
- match: get_matching_alias(command) over a set of aliases -> the alias ref, display and
  representation, or the ambiguity error;
- help: generate_helpstring_result(aliases, filter, pack, limit, offset).

The cases are StackStorm's own unit tests (st2common/tests/unit/test_action_alias_utils.py,
test_util_actionalias_matching.py, test_util_actionalias_helpstrings.py, st2api's alias tests and
their fixtures, contrib/packs/tests/test_action_aliases.py), the aliases of StackStorm's examples,
packs and hello_st2 packs, hubot-stackstorm's alias fixtures, and edge cases of our own; every
expected value is what StackStorm's code answers.

Run (from this folder) with Debian's python3 (python3-jinja2) and the st2 git dir:
    /usr/bin/python3 generate_alias_golden.py /work/.mirror/StackStorm+st2/repo
"""
import json
import re
import sys

import alias_harness

PARSER = [
    # st2common/tests/unit/test_action_alias_utils.py
    ("st2.empty_string", "", ""),
    ("st2.arbitrary_pairs.single_word", "", "a=foobar1"),
    ("st2.arbitrary_pairs.double_quoted", "foo", 'foo a="foobar2 poonies bar"'),
    ("st2.arbitrary_pairs.single_quoted", "foo", "foo a='foobar2 poonies bar'"),
    ("st2.arbitrary_pairs.json", "foo", 'foo a={"foobar2": "poonies"}'),
    ("st2.arbitrary_pairs.mixed", "", 'a=foobar1 b="boobar2 3 4" c=\'coobar3 4\' d={"a": "b"}'),
    ("st2.arbitrary_pairs.with_format", "{{ captain }} is my captain", 'Malcolm Reynolds is my captain weirdo="River Tam"'),
    ("st2.simple_parsing", "skip {{a}} more skip {{b}} and skip more.", "skip a1 more skip b1 and skip more."),
    ("st2.end_string_parsing", "skip {{a}} more skip {{b}}", "skip a1 more skip b1"),
    ("st2.spaced_parsing", "skip {{a}} more skip {{b}} and skip more.", 'skip "a1 a2" more skip b1 and skip more.'),
    ("st2.default_values", "acl {{a}} {{b}} {{c}} {{d=1}}", 'acl "a1 a2" "b1" "c1"'),
    ("st2.spacing", "acl {{a=test}}", "acl"),
    ("st2.json_parsing", "skip {{a}} more skip.", 'skip {"a": "b", "c": "d"} more skip.'),
    ("st2.mixed_parsing", "skip {{a}} more skip {{b}}.", 'skip {"a": "b", "c": "d"} more skip x.'),
    ("st2.param_spaces", "s {{a}} more {{ b }} more {{ c=99 }} more {{ d = 99 }}", "s one more two more three more"),
    ("st2.enclosed_defaults.given", "skip {{ a = value }} more", "skip one more"),
    ("st2.enclosed_defaults.default", "skip {{ a = value }} more", "skip more"),
    ("st2.template_defaults", "two by two hands of {{ color = {{ colors.default_color }} }}", "two by two hands of"),
    ("st2.key_value.one_word", "testing {{ a }}", "testing value b=value2"),
    ("st2.key_value.default_and_quoted_pair", "testing {{ a=new }}", 'testing b="another value"'),
    ("st2.key_value.multiple", "testing {{ b=abc }} {{ c=xyz }}", 'testing newvalue d={"1": "2"} e="long value"'),
    ("st2.stream_none_all_defaults", "skip {{d=test1}} more skip {{e=test1}}.", "skip more skip"),
    ("st2.stream_some_defaults", "skip {{d=test}} more skip {{e=test}}", "skip ponies more skip"),
    ("st2.stream_none_no_defaults", "skip {{d}} more skip {{e}}.", None),
    ("st2.all_the_things", "{{ p0='http' }} g {{ p1=p }} a {{ url }} {{ p2={'a':'b'} }} {{ p3={{ e.i }} }}",
     "g a http://google.com {{ execution.id }} p4='testing' p5={'a':'c'}"),
    ("st2.command_doesnt_match", "foo bar ponies", "foo lulz ponies"),
    ("st2.ending_parameters", "foo bar", "foo bar pony1=foo pony2=bar"),
    ("st2.regex_beginning_anchor", r"^\s*foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)", "foo ASDF-1234"),
    ("st2.regex_beginning_anchor_no_match", r"^\s*foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)", "bar foo ASDF-1234"),
    ("st2.regex_ending_anchor", r"foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)\s*$", "foo ASDF-1234"),
    ("st2.regex_ending_anchor_no_match", r"foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)\s*$", "foo ASDF-1234 bar"),
    ("st2.regex_both_anchors", r"^\s*foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+) bar\s*$", "foo ASDF-1234 bar"),
    ("st2.regex_both_anchors_no_match", r"^\s*foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)\s*$", "bar ASDF-1234"),
    # st2api alias execution tests and their fixtures (st2tests/fixtures/aliases)
    ("st2api.basic_execution", "Lorem ipsum {{param1}} dolor sit {{param2}} amet.", 'Lorem ipsum value1 dolor sit "value2 value3" amet.'),
    ("st2api.array_single", "Lorem ipsum {{param1}} dolor sit {{param3}} amet.", "Lorem ipsum value1 dolor sit value2 amet."),
    ("st2api.array_multi", "Lorem ipsum {{param1}} dolor sit {{param3}} amet.", 'Lorem ipsum value1 dolor sit "value2, value3" amet.'),
    ("st2api.immutable", "lorem ipsum", "lorem ipsum"),
    ("st2api.run_on", "run {{cmd}} on {{hosts}}", "run date on localhost"),
    ("st2api.run_on_whoami", "run {{cmd}} on {{hosts}}", "run whoami on localhost1"),
    ("st2api.list_param_str_cast", "test alias list param str cast", "test alias list param str cast"),
    ("st2api.match_multiple.duplicates",
     r"(?:\b|^)duplicate of (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)(?:\b|$)",
     "JKROWLING-4 is a duplicate of JRRTOLKIEN-24 which is a duplicate of DRSEUSS-12", True),
    ("st2api.match_multiple.fixes",
     r"(?:\b|^)fixes (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)(?:\b|$)",
     "JKROWLING-4 fixes JRRTOLKIEN-24 which fixes DRSEUSS-12", True),
    ("st2api.match_multiple.single",
     r"(?:\b|^)fixes (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)(?:\b|$)", "fixes ABC-1", False),
    # StackStorm's examples pack: aliases/remote_shell_cmd.yaml
    ("examples.remote_shell_cmd", "run {{cmd}} on {{hosts}}", "run date on localhost"),
    ("examples.remote_shell_cmd.quoted_cmd", "run {{cmd}} on {{hosts}}", 'run "ls -la /tmp" on web1,web2'),
    ("examples.remote_shell_cmd.single_quoted", "run {{cmd}} on {{hosts}}", "run 'uname -a' on 10.0.10.1,10.0.10.2"),
    ("examples.remote_shell_cmd.unquoted_words", "run {{cmd}} on {{hosts}}", "run ls -la on web1"),
    ("examples.remote_shell_cmd.extra_pair", "run {{cmd}} on {{hosts}}", "run date on localhost timeout=30"),
    ("examples.remote_shell_cmd.extra_pairs_quoted", "run {{cmd}} on {{hosts}}", 'run date on localhost username="stanley" port=22'),
    ("examples.remote_shell_cmd.missing_hosts", "run {{cmd}} on {{hosts}}", "run date"),
    ("examples.remote_shell_cmd.missing_hosts_value", "run {{cmd}} on {{hosts}}", "run date on"),
    ("examples.remote_shell_cmd.leading_spaces", "run {{cmd}} on {{hosts}}", "   run date on localhost   "),
    ("examples.remote_shell_cmd.case", "run {{cmd}} on {{hosts}}", "Run date on localhost"),
    ("examples.remote_shell_cmd.on_twice", "run {{cmd}} on {{hosts}}", "run echo on on host"),
    ("examples.remote_shell_cmd.multiline", "run {{cmd}} on {{hosts}}", "run echo a\nb on host"),
    # contrib/packs aliases and contrib/packs/tests/test_action_aliases.py
    ("packs.pack_get", "pack get {{ pack }}", "pack get st2"),
    ("packs.pack_install", "pack install {{ packs }}", "pack install st2"),
    ("packs.pack_install.list", "pack install {{ packs }}", "pack install st2,aws,https://github.com/x/y"),
    ("packs.pack_search", "pack search {{ query }}", "pack search st2"),
    ("packs.pack_show", "pack show {{ pack }}", "pack show st2"),
    ("hello_st2.greet", "greet {{greeting}}", "greet Hello there"),
    # st2 docs (chatops/aliases.rst): defaults, key=value
    ("docs.default.given", "run {{cmd}} on {{hosts=localhost}}", "run date on web1"),
    ("docs.default.missing", "run {{cmd}} on {{hosts=localhost}}", "run date on"),
    ("docs.default.missing_word", "run {{cmd}} on {{hosts=localhost}}", "run date"),
    ("docs.default_first", "google {{query=StackStorm}}", "google"),
    ("docs.default_first_given", "google {{query=StackStorm}}", "google ChatOps tools"),
    ("docs.key_value", "run {{cmd}} on {{hosts}}", "run date on localhost timeout=120"),
    ("docs.regex_format", r"(?P<issue_key>[A-Z]+-\d+) is done", "ST2-42 is done"),
    # hubot-stackstorm tests/fixtures/aliases.json
    ("hubot.alias1", "alias1 fmt1 {{param}} breaking words {{param2=default}}", "alias1 fmt1 value breaking words"),
    ("hubot.alias1.given", "alias1 fmt1 {{param}} breaking words {{param2=default}}", "alias1 fmt1 value breaking words other"),
    ("hubot.alias2.fmt1", "alias2 fmt1 {{param1}} {{param2}}", "alias2 fmt1 a b"),
    ("hubot.alias2.fmt1_three_words", "alias2 fmt1 {{param1}} {{param2}}", "alias2 fmt1 a b c"),
    ("hubot.alias2.fmt2", "alias2 fmt2 {{param1}} some more words", "alias2 fmt2 a some more words"),
    ("hubot.alias3", "alias3 fmt1 {{param1}} {{param2}} {{param3=default}} trailing words", "alias3 fmt1 a b trailing words"),
    ("hubot.alias3.given", "alias3 fmt1 {{param1}} {{param2}} {{param3=default}} trailing words", "alias3 fmt1 a b c trailing words"),
    ("hubot.alias4.long", "alias4 fmt1 {{param1}} word {{param2}}", "alias4 fmt1 a word b"),
    ("hubot.alias4.short_vs_long", "alias4 fmt1 {{param1}}", "alias4 fmt1 a word b"),
    # our edge cases
    ("edge.regex_metacharacters_in_format", "How do I feel? I feel... {{status}}!", "How do I feel? I feel... alive!"),
    ("edge.regex_metacharacters_match_loosely", "How do I feel? I feel... {{status}}!", "How do I fee I feelXYZ alive!"),
    ("edge.value_with_equals_is_a_pair", "say {{text}}", "say a=b"),
    ("edge.pair_inside_text", "say {{text}}", "say hello a=b world"),
    ("edge.pair_value_repeats_earlier", "say {{text}}", "say x=1 then x=1"),
    ("edge.empty_quoted_pair", "say {{text}}", 'say hi a=""'),
    ("edge.quoted_value_with_inner_quote", "say {{text}}", "say \"it's fine\""),
    ("edge.nested_json", "post {{body}}", 'post {"a": {"b": [1, 2]}}'),
    ("edge.json_then_word", "post {{body}} now", 'post {"a": {"b": 1}} now'),
    ("edge.unicode", "greet {{name}}", "greet Zoë 🙂"),
    ("edge.nbsp", "greet {{name}}", "greet\u00a0Zoe"),
    ("edge.tabs_and_newlines", "greet {{name}}", "greet\tZoe\n"),
    ("edge.only_whitespace", "ping", "   "),
    ("edge.no_format_no_stream", "", "hello"),
    ("edge.only_pairs_against_format", "deploy {{app}}", "a=1 b=2"),
    ("edge.default_only_format_with_pairs", "deploy {{app=web}}", "deploy env=prod"),
    ("edge.default_empty_quotes", "deploy {{app=\"\"}}", "deploy"),
    ("edge.default_single_quoted", "deploy {{app='my app'}}", "deploy"),
    ("edge.default_json", "deploy {{opts={\"a\": 1}}}", "deploy"),
    ("edge.adjacent_params", "{{a}}{{b}}", "xy"),
    ("edge.duplicate_param", "copy {{a}} to {{a}}", "copy x to y"),
    ("edge.bad_param_name", "deploy {{ my-app }}", "deploy web"),
    ("edge.numeric_param_name", "deploy {{ 1 }}", "deploy web"),
    ("edge.empty_braces", "deploy {{}}", "deploy web"),
    ("edge.required_after_default", "deploy {{app=web}} to {{env}}", "deploy to prod"),
    ("edge.required_after_default_given", "deploy {{app=web}} to {{env}}", "deploy api to prod"),
    ("edge.quote_mismatch", "say {{text}}", "say \"hello'"),
    ("edge.trailing_pair_only_key", "say {{text}}", "say hello a="),
    ("edge.case_sensitive", "deploy {{app}}", "DEPLOY web"),
    ("edge.explicit_anchor_in_group", r"(?:^deploy) {{app}}", "deploy web"),
    ("edge.anchor_first_branch_only", r"^deploy|ship {{app}}", "x ship web"),
    ("edge.anchor_second_branch", r"deploy|^ship {{app}}", "x ship web"),
    ("edge.anchor_in_lookahead", r"(?=deploy)deploy {{app}}", "xx deploy web"),
    ("edge.anchor_in_repeat", r"(?:^)* deploy {{app}}", "x deploy web"),
    ("edge.anchor_common_prefix", r"^deploy {{app}}|^ship {{app2}}", "x deploy web"),
    ("edge.dollar_end", r"deploy {{app}}$", "deploy web"),
    ("edge.backslash_Z", r"deploy {{app}}\Z", "deploy web now"),
    ("edge.backslash_A", r"\Adeploy {{app}}", "go deploy web"),
    ("edge.char_class_with_bracket", r"tag [[]{{name}}]", "tag [x]"),
    ("edge.python_named_backreference", r"(?P<w>\w+) and (?P=w) {{rest}}", "yes and yes go"),
    ("edge.brace_quantifier_open_min", r"go{,2} {{x}}", "goo far"),
    ("edge.many_pairs", "deploy {{app}}", "deploy web " + " ".join("k%d=v%d" % (i, i) for i in range(20))),
    ("edge.pair_with_braces_value", "deploy {{app}}", "deploy web opts={\"a\": {\"b\": 1}}"),
    ("edge.param_named_like_pair", "deploy {{app}}", "deploy web app=api"),
    ("edge.multiple_match_no_anchor", r"(?P<key>[A-Z]+-\d+)", "fix AB-1 and CD-2 and EF-3", True),
    ("edge.multiple_match_none", r"(?P<key>[A-Z]+-\d+)", "nothing here", True),
    ("edge.multiple_match_template", "ping {{host}}", "ping a", True),
]

FIXTURE_ALIASES = [
    # st2tests/fixtures/aliases/aliases/*.yaml, in the order st2api's test saves them
    alias_harness.Alias("aliases.alias1", ["Lorem ipsum {{param1}} dolor sit {{param2}} amet."], description="DON'T CARE"),
    alias_harness.Alias("aliases.alias2", [{"display": "Help entry doesn't matter.",
                                            "representation": ["Lorem ipsum {{param1}} dolor sit {{param3}} amet."]}],
                        description="DON'T CARE"),
    alias_harness.Alias("aliases.alias_with_undefined_jinja_in_ack_format", ["run {{cmd}} on {{hosts}}"], description="DON'T CARE"),
    alias_harness.Alias("aliases.alias_with_immutable_list_param", ["test alias foo"], description="DON'T CARE"),
    alias_harness.Alias("aliases.alias_with_immutable_list_param_str_cast", ["test alias list param str cast"], description="DON'T CARE"),
    alias_harness.Alias("aliases.alias4", [{"display": "Help entry doesn't matter.",
                                            "representation": ["Lorem ipsum {{param1}} dolor sit {{param4}} amet."]}],
                        description="DON'T CARE"),
    alias_harness.Alias("aliases.alias5", ["lorem ipsum"], description="Static test"),
    alias_harness.Alias("aliases.alias_match_multiple_fixes1", [{"display": "fixes <issue_key>", "representation": [
        r"(?:\b|^)fixes (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)(?:\b|$)"], "match_multiple": True}], description="DON'T CARE"),
    alias_harness.Alias("aliases.alias_match_multiple_fixes2", [{"display": "fixes <issue_key>", "representation": [
        r"(?:\b|^)fixes (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)(?:\b|$)"], "match_multiple": True}], description="DON'T CARE"),
    alias_harness.Alias("aliases.alias_match_multiple", [{"display": "duplicate of <issue_key>", "representation": [
        r"(?:\b|^)duplicate of (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)(?:\b|$)"], "match_multiple": True}], description="DON'T CARE"),
]

EXAMPLES_ALIASES = [
    alias_harness.Alias("examples.remote_shell_cmd", ["run {{cmd}} on {{hosts}}"], description="Execute a command on a remote host via SSH."),
    alias_harness.Alias("packs.pack_get", [{"display": "pack get <pack>", "representation": ["pack get {{ pack }}"]}],
                        description="Get information about installed StackStorm pack."),
    alias_harness.Alias("packs.pack_install", [{"display": "pack install <pack_name|git_url>[,<pack_name|git_url>]",
                                                "representation": ["pack install {{ packs }}"]}], description="Install/upgrade StackStorm packs."),
    alias_harness.Alias("packs.pack_search", [{"display": "pack search <query>", "representation": ["pack search {{ query }}"]}],
                        description="Search for packs in StackStorm Exchange and other directories."),
    alias_harness.Alias("packs.pack_show", [{"display": "pack show <pack>", "representation": ["pack show {{ pack }}"]}],
                        description="Show information about the pack from StackStorm Exchange."),
    alias_harness.Alias("hello_st2.greet", ["greet {{greeting}}"], description="Greet StackStorm"),
]

MOVIES = [
    # st2common/tests/unit/test_util_actionalias_helpstrings.py and test_util_actionalias_matching.py
    alias_harness.Alias("the80s.kyle_reese", ["Come with me if you want to live"]),
    alias_harness.Alias("the80s.terminator", ["I need your {{item}}, your {{item2}} and your {{vehicle}}"]),
    alias_harness.Alias("the80s.johnny_five_alive", [{"display": "Number 5 is {{status}}",
                                                      "representation": ["Number 5 is {{status=alive}}"]},
                                                     "Hey, laser lips, your mama was a snow blower."]),
    alias_harness.Alias("the80s.i_feel_alive", ["How do I feel? I feel... {{status}}!"]),
    alias_harness.Alias("the80s.andy", [{"display": "Watch this."}]),
    alias_harness.Alias("the80s.andy2", [{"display": "He's just like his {{relation}}."}]),
    alias_harness.Alias("the80s.data", [{"representation": "That's okay daddy. You can't hug a {{object}}."}]),
    alias_harness.Alias("the80s.mr_wang", [{"representation": "You are my greatest invention."}]),
    alias_harness.Alias("the80s.Ferris", ["Life moves pretty fast.",
                                          "If you don't stop and look around once in a while, you could miss it."]),
    alias_harness.Alias("the80s.economics_teacher", ["Bueller?... Bueller?... Bueller? "], enabled=False),
    alias_harness.Alias("the80s.spengler", ["{{choice}} cross the {{target}}"]),
]

MATCH = [
    ("fixtures.no_match", FIXTURE_ALIASES, "hello donny"),
    ("fixtures.ambiguous", FIXTURE_ALIASES, "Lorem ipsum banana dolor sit pineapple amet."),
    ("fixtures.single", FIXTURE_ALIASES, "run whoami on localhost1"),
    ("fixtures.run_date", FIXTURE_ALIASES, "run date on localhost"),
    ("fixtures.static", FIXTURE_ALIASES, "lorem ipsum"),
    ("fixtures.multiple_match", FIXTURE_ALIASES, "JKROWLING-4 is a duplicate of JRRTOLKIEN-24 which is a duplicate of DRSEUSS-12"),
    ("fixtures.multiple_match_ambiguous", FIXTURE_ALIASES, "JKROWLING-4 fixes JRRTOLKIEN-24 which fixes DRSEUSS-12"),
    ("fixtures.list_param", FIXTURE_ALIASES, "test alias list param str cast"),
    ("examples.run", EXAMPLES_ALIASES, "run date on localhost"),
    ("examples.run_pairs", EXAMPLES_ALIASES, "run 'ls -la' on web1,web2 timeout=10"),
    ("examples.pack_get", EXAMPLES_ALIASES, "pack get st2"),
    ("examples.pack_install", EXAMPLES_ALIASES, "pack install st2"),
    ("examples.pack_search", EXAMPLES_ALIASES, "pack search st2"),
    ("examples.pack_show", EXAMPLES_ALIASES, "pack show st2"),
    ("examples.greet", EXAMPLES_ALIASES, "greet everyone"),
    ("examples.unknown", EXAMPLES_ALIASES, "deploy myapp to prod"),
    ("examples.help", EXAMPLES_ALIASES, "help"),
    ("examples.empty", EXAMPLES_ALIASES, ""),
    ("examples.pairs_only", EXAMPLES_ALIASES, "a=b"),
    ("movies.spengler", MOVIES, "Don't cross the streams"),
    ("movies.johnny_default", MOVIES, "Number 5 is"),
    ("movies.johnny_given", MOVIES, "Number 5 is alive"),
    ("movies.display_only_pairs", MOVIES, "a=1"),
    ("movies.display_only_empty", MOVIES, ""),
    ("movies.representation_string", MOVIES, "That's okay daddy. You can't hug a cactus."),
    ("movies.disabled", MOVIES, "Bueller?... Bueller?... Bueller? "),
    ("movies.ferris_second", MOVIES, "If you don't stop and look around once in a while, you could miss it."),
    ("movies.terminator", MOVIES, "I need your clothes, your boots and your motorcycle"),
]

HELP = [
    ("no_arg", MOVIES, {}),
    ("filter_no_match", MOVIES, {"filter": "you_will_not_find_this_string"}),
    ("filter_match", MOVIES, {"filter": "you"}),
    ("filter_regex", MOVIES, {"filter": "^(number|life)"}),
    ("pack_empty_string", MOVIES, {"filter": "", "pack": ""}),
    ("pack_no_match", MOVIES, {"filter": "", "pack": "you_will_not_find_this_string"}),
    ("pack_match", MOVIES, {"filter": "", "pack": "the80s"}),
    ("limit_negative", MOVIES, {"filter": "", "pack": "the80s", "limit": -3}),
    ("limit_out_of_bounds", MOVIES, {"filter": "", "pack": "the80s", "limit": 30}),
    ("limit_in_bounds", MOVIES, {"filter": "", "pack": "the80s", "limit": 3}),
    ("offset_negative", MOVIES, {"filter": "", "pack": "the80s", "limit": 0, "offset": -1}),
    ("offset_out_of_bounds", MOVIES, {"filter": "", "pack": "the80s", "limit": 0, "offset": 30}),
    ("offset_in_bounds", MOVIES, {"filter": "", "pack": "the80s", "limit": 0, "offset": 6}),
    ("offset_and_limit", MOVIES, {"filter": "", "pack": "the80s", "limit": 2, "offset": 3}),
    ("fixtures_all", FIXTURE_ALIASES, {}),
    ("fixtures_pack_limit", FIXTURE_ALIASES, {"filter": ".*", "pack": "aliases", "limit": 1, "offset": 0}),
    ("examples_all", EXAMPLES_ALIASES, {}),
    ("examples_filter_pack", EXAMPLES_ALIASES, {"filter": "PACK"}),
]


def alias_plain(alias):
    return {"ref": alias.ref, "enabled": alias.enabled, "description": alias.description, "formats": alias.formats}


def parser_case(st2, name, fmt, command, multiple=False):
    case = {"name": name, "format": fmt, "command": command, "match_multiple": multiple}
    try:
        parser = st2.utils.ActionAliasFormatParser(fmt, command)
        if multiple:
            case["result"] = parser.get_multiple_extracted_param_value()
        else:
            case["result"] = parser.get_extracted_param_value()
    except st2.ParseException as e:
        case["error"] = {"kind": "parse", "message": str(e)}
    except re.error as e:
        case["error"] = {"kind": "regex", "message": str(e)}
    return case


def match_case(st2, name, aliases, command):
    st2.store.aliases = aliases
    case = {"name": name, "aliases": [a.ref for a in aliases], "command": command}
    try:
        found = st2.matching.get_matching_alias(command)
        case["result"] = {"ref": found["alias"].ref, "display": found["display"],
                          "representation": found["representation"],
                          "match_multiple": found.get("match_multiple")}
    except st2.AmbiguityException as e:
        case["error"] = {"kind": "ambiguity", "message": str(e), "matches": [m["alias"].ref for m in e.matches]}
    except re.error as e:
        case["error"] = {"kind": "regex", "message": str(e)}
    return case


def help_case(st2, name, aliases, args):
    result = st2.helpstring.generate_helpstring_result(aliases, args.get("filter"), args.get("pack"),
                                                       args.get("limit", 0), args.get("offset", 0))
    return {"name": name, "aliases": [a.ref for a in aliases], "args": args, "result": result}


def main():
    st2_dir = sys.argv[1]
    st2 = alias_harness.load(st2_dir)
    sets = {}
    for label, aliases in (("fixtures", FIXTURE_ALIASES), ("examples", EXAMPLES_ALIASES), ("movies", MOVIES)):
        sets[label] = [alias_plain(a) for a in aliases]
    golden = {
        "source": "StackStorm st2 at %s, generated by generate_alias_golden.py" % alias_harness.commit_of(st2_dir),
        "alias_sets": sets,
        "parser": [parser_case(st2, *c) for c in PARSER],
        "match": [dict(match_case(st2, n, a, c), alias_set=n.split(".")[0]) for n, a, c in MATCH],
        "help": [dict(help_case(st2, n, a, args), alias_set=("fixtures" if a is FIXTURE_ALIASES else
                                                                "examples" if a is EXAMPLES_ALIASES else "movies"))
                 for n, a, args in HELP],
    }
    with open("aliases.golden.json", "w") as handle:
        json.dump(golden, handle, indent=1, ensure_ascii=False, sort_keys=False)
        handle.write("\n")


if __name__ == "__main__":
    main()
