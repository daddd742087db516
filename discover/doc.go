// Package discover is the first stage of ecslint's pipeline: it expands
// the paths of the command line into the files to consider. It walks
// folders in name order, leaves out version-control and dependency folders
// (.git, node_modules, .terraform, ...) and what the work tree's
// .gitignore files and .git/info/exclude exclude (as git does: deeper
// files win), does not follow linked folders, and returns each file once,
// with the path shown to users, together with the skips, the errors (a
// path that does not exist) and the notices (a .gitignore not applied) of
// the walk.
//
// It does not decide what a file is, nor read the files it returns:
// classification by name and content (package classify), standard
// input, configuration ignore entries and parsing belong to the later
// stages (package lint wires them). The only predicate it takes from them says which base
// names are worth returning when a file is not a regular file.
package discover
