# METADATA
# title: Container helpers
# description: Helpers shared by the task-definition rules.
package ecslint.lib.containers

# name returns how messages name container i: its name, or #i without one.
name(c, _) := c.name if is_string(c.name)

name(c, i) := sprintf("#%d", [i]) if not is_string(c.name)
