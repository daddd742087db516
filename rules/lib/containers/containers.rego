# METADATA
# title: Container helpers
# description: Helpers shared by the task-definition rules.
package ecslint.lib.containers

# name returns how messages name container i: its name, or #i without one.
name(c, _) := c.name if _named(c)

name(c, i) := sprintf("#%d", [i]) if not _named(c)

# quoted is name for messages: a name from the file quoted as Go's %q does
# (control characters escaped), or #i.
quoted(c, _) := sprintf("%q", [c.name]) if _named(c)

quoted(c, i) := sprintf("#%d", [i]) if not _named(c)

# _named keeps the reference to c.name inside the negated call: a bare
# "not is_string(c.name)" fails, not succeeds, when c has no name.
_named(c) if is_string(c.name)

# secret_refs lists, in a fixed order, the secret references of container
# c: its repositoryCredentials.credentialsParameter, then every
# secrets[].valueFrom and logConfiguration.secretOptions[].valueFrom. Each
# is {"path": <below the container>, "value": <the string>, "what": <how
# messages name it>}.
secret_refs(c) := array.concat(array.concat(_credentials(c), _secrets(c)), _secret_options(c))

_credentials(c) := [ref |
	v := c.repositoryCredentials.credentialsParameter
	is_string(v)
	ref := {"path": ["repositoryCredentials", "credentialsParameter"], "value": v, "what": "repositoryCredentials"}
]

_secrets(c) := [ref |
	some j, s in c.secrets
	is_string(s.valueFrom)
	ref := {"path": ["secrets", j, "valueFrom"], "value": s.valueFrom, "what": sprintf("secret %s", [quoted(s, j)])}
]

_secret_options(c) := [ref |
	some j, s in c.logConfiguration.secretOptions
	is_string(s.valueFrom)
	ref := {"path": ["logConfiguration", "secretOptions", j, "valueFrom"], "value": s.valueFrom, "what": sprintf("log option %s", [quoted(s, j)])}
]
