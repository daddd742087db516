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
allowed(statements, action, subjects) if {
	some s in subjects
	_allowed_one(statements, action, s)
}

_allowed_one(statements, action, s) if {
	some st in statements
	st.effect == "Allow"
	action_matches(st, action)
	_resource_may(st, s)
	not _denied_one(statements, action, s)
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
	action_matches(st, action)
	_resource_must(st, s)
}

# _list accepts a single string or a list, as policy documents do.
_list(x) := x if is_array(x)

_list(x) := [x] if is_string(x)

_field(st, key) := _list(object.get(st, key, []))

# action_matches: Action lists a glob matching action, or NotAction lists
# none; case-insensitive.
action_matches(st, action) if {
	count(_field(st, "notActions")) == 0
	some p in _field(st, "actions")
	_action_glob(p, action)
}

action_matches(st, action) if {
	ps := _field(st, "notActions")
	count(ps) > 0
	not _any_action(ps, action)
}

_any_action(patterns, action) if {
	some p in patterns
	_action_glob(p, action)
}

_action_glob(p, action) if regex.match(_regex(lower(p), false, false), lower(action))

# _resource_may: the statement may apply to s (for an Allow).
_resource_may(st, s) if {
	count(_field(st, "notResources")) == 0
	some p in _field(st, "resources")
	may_match(p, s)
}

_resource_may(st, s) if {
	ps := _field(st, "notResources")
	count(ps) > 0
	not _any_must(ps, s)
}

# _resource_must: the statement applies to s whatever its unknown parts
# are (for a Deny).
_resource_must(st, s) if {
	count(_field(st, "notResources")) == 0
	some p in _field(st, "resources")
	must_match(p, s)
}

_resource_must(st, s) if {
	ps := _field(st, "notResources")
	count(ps) > 0
	not _any_may(ps, s)
}

_any_must(patterns, s) if {
	some p in patterns
	must_match(p, s)
}

_any_may(patterns, s) if {
	some p in patterns
	may_match(p, s)
}

# may_match: some value of s's unknown parts matches pattern p.
may_match("*", _)

may_match(p, s) if {
	p != "*"
	regex.match(_regex(p, true, object.get(s, "suffix", false)), _subject(p, s, true))
}

# must_match: every value of s's unknown parts matches pattern p.
must_match("*", _)

must_match(p, s) if {
	p != "*"
	regex.match(_regex(p, false, false), _subject(p, s, false))
}

# _regex turns an IAM glob into an anchored regular expression: * is any
# run of characters, ? one character, everything else literal. For may
# matching, a policy variable (${aws:username}) matches anything and, with
# suffix, every letter or digit also matches the unknown-character marker
# U+0001 that _subject puts in place of the suffix.
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

# _subject renders s as an ARN to match against pattern p. Unknown parts
# take the pattern's own text for may matching (a glob matches itself) and
# the marker U+0002, which only a wildcard matches, for must matching.
_subject(p, s, may) := concat("", [concat(":", ["arn", a, s.service, b, c, d]), _tail(s)]) if {
	f := split(p, ":")
	a := _part(s.partition, f, 1, may)
	b := _part(s.region, f, 3, may)
	c := _part(s.account, f, 4, may)
	d := _resource_part(s.resource, f, may)
}

_part(v, _, _, _) := v if v != ""

_part("", f, i, true) := f[i] if count(f) >= 6

_part("", f, _, true) := "x" if count(f) < 6

_part("", _, _, false) := "\u0002"

_resource_part(v, _, _) := v if v != ""

_resource_part("", f, true) := concat(":", array.slice(f, 5, count(f))) if count(f) >= 6

_resource_part("", f, true) := "x" if count(f) < 6

_resource_part("", _, false) := "\u0002"

_tail(s) := "-\u0001\u0001\u0001\u0001\u0001\u0001" if s.suffix == true

_tail(s) := "" if not s.suffix == true

# statement renders the minimal statement that allows action on resource,
# as JSON a user can paste into a policy.
statement(action, resource) := json.marshal({"Effect": "Allow", "Action": action, "Resource": resource})
