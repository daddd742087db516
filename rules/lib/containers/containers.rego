# METADATA
# title: Container helpers
# description: Helpers shared by the task-definition rules.
package ecslint.lib.containers

# name returns how messages name container i: its name, or #i without one.
name(c, _) := c.name if _named(c)

name(c, i) := sprintf("#%d", [i]) if not _named(c)

# _named keeps the reference to c.name inside the negated call: a bare
# "not is_string(c.name)" fails, not succeeds, when c has no name.
_named(c) if is_string(c.name)
