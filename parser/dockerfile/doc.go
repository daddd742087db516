// Package dockerfile reads Dockerfiles into ecslint documents of kind
// "dockerfile" (parser.KindDockerfile).
//
// The structure comes from buildkit's own parser
// (github.com/moby/buildkit/frontend/dockerfile/parser): instruction
// boundaries, parser directives, heredocs, continuation lines and every
// syntax error are buildkit's, and ARGs are expanded with buildkit's shell
// lexer. Every instruction then goes through the checks buildkit makes
// before a build (instructions.Parse): an unknown instruction ("unknown
// instruction: FRM (did you mean FROM?)"), an unknown or valueless flag, a
// FROM that is not `image [AS name]`, an invalid stage name, an instruction
// other than ARG before the first FROM, and so on, is a *parser.Error with
// buildkit's message, at the flag or FROM argument at fault when it can be
// told, else at the instruction's keyword. ONBUILD triggers are checked as
// buildkit checks them here (not FROM, MAINTAINER or ONBUILD), not as
// instructions: that happens when a child image builds. buildkit nodes carry line numbers only, so token positions are found
// by replaying, with byte offsets, the steps buildkit takes to cut an
// instruction into command, flags and arguments; every replayed token is
// checked against buildkit's node, and a token that disagrees gets no
// position of its own (lookups fall back to its instruction).
//
// # Body
//
//	{
//	  "escape": "\\",                          // or "`", the escape token in force
//	  "syntax": {"image": "docker/dockerfile:1.7", "line": 1},
//	                                           // absent without a syntax directive
//	  "args": [{"name": "V", "default": "1.22", "hasDefault": true, "line": 2}],
//	                                           // global ARGs, one per name
//	  "stages": [{"index": 0, "name": "build", "from": "golang:${V}",
//	              "image": "golang:1.22", "resolved": true, "stage": false,
//	              "scratch": false, "platform": "$BUILDPLATFORM", "line": 3}],
//	                                           // "platform" absent without --platform
//	  "copyFrom": [{"instruction": "COPY", "from": "nginx:1.27",
//	                "image": "nginx:1.27", "resolved": true, "stage": false,
//	                "stageIndex": 1, "line": 10}],
//	}
//
// Numbers are Go ints. The syntax directive is detected as buildkit's
// frontend detects it (parser.DetectSyntax); "image" is its first word.
//
// # Index
//
// The root path stands for the whole file. ["syntax"] is the directive line
// and ["syntax", "image"] its image; ["args", k], ["stages", i] and
// ["copyFrom", j] are whole instructions, from the keyword to the end of the
// instruction's last line (heredoc bodies included, line terminator
// excluded); ["stages", i, "from" | "name" | "platform"] and
// ["copyFrom", j, "from"] are exactly the value's characters (a flag value
// without its quotes), across continuation lines when a value spans them.
//
// # Notices
//
// Document.Notices holds what the user should know about the file that is
// neither an error nor a finding: today, values that were not expanded
// (see "Limits"), each at the range it is about (an ARG's name, a FROM
// image, a COPY --from value). They are not part of the Rego input; lint
// reports each as a notice at file:line:col.
//
// Positions: a UTF-8 byte order mark is not part of line 1 (columns start
// after it) but Offsets count its three bytes, so they index the file as
// given. Lines and columns are those of parser.Lines ("\n", "\r\n" and a lone
// "\r" end a line; columns count code points). Bytes that are not valid
// UTF-8, and NUL, are read as U+001A (buildkit's lexer would print them to
// stderr); this keeps every offset, line and column.
//
// # Decisions beyond buildkit
//
// ecslint lints what buildkit would build with no --build-arg:
//
//   - An ARG default is its value after buildkit's expansion (quotes removed,
//     earlier ARGs substituted). FROM sees the global ARGs; COPY --from sees
//     the global ARGs plus those of its stage, although buildkit refuses
//     variables there later, when it converts the file (dockerfile2llb).
//     A variable in RUN --mount from= is one of the errors above.
//   - "resolved" is false when the lexer rejects the text (the image is then
//     the raw text) or when the result depends on a variable that is unset
//     (an ARG without default, an undefined name) or whose value is itself
//     unresolved. References that supply their own text when the variable
//     is unset, ${X:-d}, ${X-d}, ${X:+d} and ${X+d}, stay resolved, and only
//     the branch the lexer actually uses counts.
//   - The platform ARGs buildkit sets on every build (BUILDPLATFORM,
//     BUILDOS, BUILDOSVERSION, BUILDARCH, BUILDVARIANT, TARGETPLATFORM,
//     TARGETOS, TARGETOSVERSION, TARGETARCH, TARGETVARIANT, TARGETSTAGE)
//     are set to values not known statically: in scope before the first
//     FROM without a declaration, in a stage once declared there with ARG
//     (which takes the global value), replaced by a global ARG default. A
//     reference whose value reaches the image stays in it as written, a
//     template placeholder that the image facts read as an unknown part
//     ("golang:${TARGETARCH}" is a Docker Hub image with an unknown tag), and
//     the image is resolved. ${TARGETARCH:+d} gives d and ${TARGETARCH:-d}
//     the value; the *VARIANT and *OSVERSION ARGs may be empty, so with a
//     colon they leave the image unresolved. An operation on an unknown
//     value (${TARGETPLATFORM#linux/}) leaves it unresolved; an ARG built
//     from one keeps its placeholders ("default": "${TARGETARCH}").
//   - "name" is lower-cased as buildkit does; "stage" compares the image
//     with earlier stage names, ignoring case. An image with unknown parts
//     names a stage when some earlier stage name fits it, each unknown part
//     standing for any text: "base-${TARGETARCH}" after a stage base-amd64.
//   - A COPY --from or RUN --mount from= names a stage when it matches (as
//     above) any stage name of the file (buildkit resolves them against all
//     stages).
//     A numeric COPY --from is always a stage index (buildkit never pulls
//     it); RUN --mount from= has no index form in buildkit, so from=0 there
//     is an image.
//   - ONBUILD triggers are not recorded.
//
// # Limits
//
// ecslint must finish on any file a pull request may hold, so one
// Dockerfile is bounded, far above real files (the largest seen have about
// 340 instructions, 60 stages, 130 ARG declarations and 50 COPY --from and
// RUN --mount from= sources):
//
//   - At most 10000 instructions, 1000 build stages, 10000 ARG
//     declarations (names, counted over all ARG instructions) and 1000
//     COPY --from and RUN --mount from= sources. Past one, the file is an
//     error at the first instruction or value beyond it, "more than 1000
//     build stages; ecslint lints at most 1000 per Dockerfile", unless an
//     instruction before it is an error itself. The instructions are counted
//     (as buildkit's parser cuts them) before buildkit parses the file, and
//     it is handed only the first 10000: it keeps every instruction in
//     memory.
//   - ARG substitution: a word whose expansion could be longer than 64 KiB,
//     or whose ${X#p}, ${X%p} and ${X/p/r} patterns could take more than
//     2²² steps to match ((len(X)+1)·(len(p)+1) each), is not expanded; nor
//     is any word with a variable once the expansions of the file could
//     have produced 16 MiB or taken 2²⁶ steps of matching. The bound is
//     computed from the lengths of the values before buildkit's lexer runs.
//     Such a word is unresolved as a word the lexer rejects is: an image is
//     its text as written, an ARG default too, and the ARG's value is
//     unknown and empty, as an unset ARG's is, so what refers to it stays
//     small. Each gives a notice at the ARG's name or the value (at most 10
//     per file, then one that counts the rest; the file-wide budget once):
//     `ARG "A4" is not expanded: its value could be longer than 64 KiB;
//     ecslint treats it as unknown`.
package dockerfile
