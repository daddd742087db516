# METADATA
# title: IAM identity-policy evaluation
# description: >-
#   Decides whether an execution role's statements allow an action on a
#   resource, with the semantics of DESIGN.md §4: explicit Deny wins,
#   Action/NotAction, Resource/NotResource, single values or lists,
#   case-insensitive action globs, case-sensitive resource globs (* and ?),
#   a conditional Allow counts as allowed and a conditional Deny is ignored.
#   Resources are subjects ({partition, service, region, account, resource,
#   suffix}) whose empty parts are unknown. For an Allow an unknown part
#   matches whatever the pattern says there; for a Deny it matches only a
#   wildcard. A subject with suffix has six unknown characters after its
#   resource (a Secrets Manager secret named without its random suffix), so
#   "name" never matches it and "name-??????", "name-*" and "*" do. Every
#   guess thus leans towards "allowed": ecslint never reports a permission
#   the role might have.
package ecslint.lib.iam

# allowed holds when some reading of the resource (one of subjects) is
# allowed by an Allow statement and not denied by an unconditional Deny.
#
# Performance note: OPA memoizes function calls by their arguments and
# compares them in full on a cache hit, so no helper below takes a whole
# statement or the statement list per pattern; they take its parts.
allowed(statements, action, subjects) if {
	some s in subjects
	_some_allow(statements, action, s)
	not _denied_one(statements, action, s)
}

_some_allow(statements, action, s) if {
	some st in statements
	st.effect == "Allow"
	count(_list(object.get(st, "notResources", []))) == 0
	_action_ok(_list(object.get(st, "actions", [])), _list(object.get(st, "notActions", [])), action)
	some d in _descriptions(object.get(st, "resourcePatterns", null), object.get(st, "resources", []))
	_may(d, s)
}

_some_allow(statements, action, s) if {
	some st in statements
	st.effect == "Allow"
	ns := _list(object.get(st, "notResources", []))
	count(ns) > 0
	_action_ok(_list(object.get(st, "actions", [])), _list(object.get(st, "notActions", [])), action)
	not _any_must(_descriptions(object.get(st, "notResourcePatterns", null), ns), s)
}

# denied holds when an unconditional Deny certainly applies to every
# reading of the resource.
denied(statements, action, subjects) if {
	count(subjects) > 0
	every s in subjects {
		_denied_one(statements, action, s)
	}
}

_denied_one(statements, action, s) if {
	some st in statements
	st.effect == "Deny"
	not st.conditional == true
	count(_list(object.get(st, "notResources", []))) == 0
	_action_ok(_list(object.get(st, "actions", [])), _list(object.get(st, "notActions", [])), action)
	some d in _descriptions(object.get(st, "resourcePatterns", null), object.get(st, "resources", []))
	_must(d, s)
}

_denied_one(statements, action, s) if {
	some st in statements
	st.effect == "Deny"
	not st.conditional == true
	ns := _list(object.get(st, "notResources", []))
	count(ns) > 0
	_action_ok(_list(object.get(st, "actions", [])), _list(object.get(st, "notActions", [])), action)
	not _any_may(_descriptions(object.get(st, "notResourcePatterns", null), ns), s)
}

# _list accepts a single string or a list, as policy documents do.
_list(x) := x if is_array(x)

_list(x) := [x] if is_string(x)

# action_matches: Action lists a glob matching action, or NotAction lists
# none; case-insensitive.
action_matches(st, action) if _action_ok(_list(object.get(st, "actions", [])), _list(object.get(st, "notActions", [])), action)

_action_ok(actions, [], action) if {
	some p in actions
	_action_glob(p, action)
}

_action_ok(_, not_actions, action) if {
	count(not_actions) > 0
	not _any_action(not_actions, action)
}

_any_action(patterns, action) if {
	some p in patterns
	_action_glob(p, action)
}

_action_glob(p, action) if regex.match(_regex(lower(p), false, false), lower(action))

# _descriptions lists resource patterns as descriptions (see pattern).
# ecslint attaches them precomputed (resourcePatterns,
# notResourcePatterns); plain strings are described here.
_descriptions(described, _) := described if is_array(described)

_descriptions(null, patterns) := [pattern(p) | some p in _list(patterns)]

_any_must(patterns, s) if {
	some d in patterns
	_must(d, s)
}

_any_may(patterns, s) if {
	some d in patterns
	_may(d, s)
}

# may_match: some value of s's unknown parts matches pattern p.
may_match(p, s) if _may(pattern(p), s)

# must_match: every value of s's unknown parts matches pattern p.
must_match(p, s) if _must(pattern(p), s)

_may(d, _) if d.text == "*"

_may(d, s) if {
	d.text != "*"
	d.service in {"", s.service}
	_prefix_plausible(d.colons, d.resourcePrefix, s.resource)
	regex.match(_may_regex(d, object.get(s, "suffix", false)), _subject(d, s, true))
}

_may_regex(d, true) := d.maySuffix

_may_regex(d, false) := d.may

_must(d, _) if d.text == "*"

_must(d, s) if {
	d.text != "*"
	d.service in {"", s.service}
	_prefix_plausible(d.colons, d.resourcePrefix, s.resource)
	regex.match(d.must, _subject(d, s, false))
}

# A description's service is set only when no wildcard precedes it, so it
# must equal the subject's. _prefix_plausible rejects cheaply a pattern
# whose literal resource prefix cannot match resource r; it applies only
# when the pattern has at least as many colons as the subject's ARN, so
# that no wildcard can stand for a colon and the fields line up.
_prefix_plausible(colons, _, r) if colons < 5 + count(indexof_n(r, ":"))

_prefix_plausible(colons, prefix, r) if {
	colons >= 5 + count(indexof_n(r, ":"))
	startswith(r, substring(prefix, 0, count(r)))
}

# pattern describes an IAM resource pattern once: its text, its ARN fields
# (the resource rejoined when there are six or more), its colon count, the
# service when literal and the literal prefix of its resource (for cheap
# rejection), and three regular expressions: must (for a Deny), may (for an
# Allow: a policy variable such as ${aws:username} matches anything) and
# maySuffix (also: every letter or digit matches the unknown-character
# marker U+0001 that _subject puts in place of a secret's suffix). Globs: *
# is any run of characters, ? one character, everything else literal.
pattern(p) := {
	"text": p,
	"fields": f,
	"colons": count(indexof_n(p, ":")),
	"service": _service(f),
	"resourcePrefix": _resource_prefix(f),
	"must": _regex(p, false, false),
	"may": _regex(p, true, false),
	"maySuffix": _regex(p, true, true),
} if {
	f := _fields(p)
}

_fields(p) := f if {
	parts := split(p, ":")
	count(parts) >= 6
	f := array.concat(array.slice(parts, 0, 5), [concat(":", array.slice(parts, 5, count(parts)))])
}

_fields(p) := split(p, ":") if count(split(p, ":")) < 6

# _service is the pattern's service when it and every field before it are
# literal (no wildcard can shift it), else "".
_service(f) := f[2] if {
	count(f) >= 3
	_literal(concat(":", array.slice(f, 0, 3)))
}

_service(f) := "" if count(f) < 3

_service(f) := "" if {
	count(f) >= 3
	not _literal(concat(":", array.slice(f, 0, 3)))
}

_literal(x) if {
	not contains(x, "*")
	not contains(x, "?")
	not contains(x, "$")
}

# _resource_prefix is the resource field up to its first wildcard or
# policy variable; "" (no constraint) for a pattern with fewer fields.
_resource_prefix(f) := regex.find_n(`^[^*?$]*`, f[5], 1)[0] if count(f) >= 6

_resource_prefix(f) := "" if count(f) < 6

_regex(p, may, suffix) := concat("", ["^", e, "$"]) if {
	escaped := regex.replace(p, `[.+^$()\[\]{}|\\]`, `\$0`)
	globbed := replace(replace(escaped, "*", ".*"), "?", ".")
	e := _classes(_variables(globbed, may), may, suffix)
}

_variables(e, true) := regex.replace(e, `\\\$\\\{[^}]*?\\\}`, ".*")

_variables(e, false) := e

_classes(e, true, true) := regex.replace(e, `[A-Za-z0-9]`, "[$0\u0001]")

_classes(e, may, suffix) := e if not _both(may, suffix)

_both(true, true)

# _subject renders s as an ARN to match against pattern d. Unknown parts
# take the pattern's own text for may matching (a glob matches itself) and
# the marker U+0002, which only a wildcard matches, for must matching.
_subject(d, s, may) := concat("", [concat(":", ["arn", a, s.service, b, c, r]), _tail(s)]) if {
	f := d.fields
	a := _part(s.partition, f, 1, may)
	b := _part(s.region, f, 3, may)
	c := _part(s.account, f, 4, may)
	r := _part(s.resource, f, 5, may)
}

_part(v, _, _, _) := v if v != ""

_part("", f, i, true) := f[i] if count(f) >= 6

_part("", f, _, true) := "x" if count(f) < 6

_part("", _, _, false) := "\u0002"

_tail(s) := "-\u0001\u0001\u0001\u0001\u0001\u0001" if s.suffix == true

_tail(s) := "" if not s.suffix == true

# statement renders the minimal statement that allows action on resource,
# as JSON a user can paste into a policy.
statement(action, resource) := json.marshal({"Effect": "Allow", "Action": action, "Resource": resource})
