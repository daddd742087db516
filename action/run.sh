#!/usr/bin/env bash
# The run step of action.yml, kept here so that CI can test it. Inputs come
# from the environment: ECSLINT (the binary), ECSLINT_PATHS, ECSLINT_FORMAT,
# ECSLINT_FAIL_ON, ECSLINT_ARGS (split on spaces) and ECSLINT_SARIF_FILE.
# The exit status is ecslint's: 0 clean, 1 findings at or above fail-on,
# 2 usage, configuration or read errors.
set -uo pipefail

ecslint=${ECSLINT:-ecslint}
read -r -a paths <<< "${ECSLINT_PATHS:-.}"
read -r -a extra <<< "${ECSLINT_ARGS:-}"
[ ${#paths[@]} -gt 0 ] || paths=(.)

# Paths go after "--", so a file named like a flag (-c.json) stays a path.
if [ -n "${ECSLINT_SARIF_FILE:-}" ]; then
  # A report left by an earlier step must not pass for this run's.
  rm -f -- "$ECSLINT_SARIF_FILE"
  # The SARIF report never fails the step by itself; the run below does.
  "$ecslint" --format sarif --output "$ECSLINT_SARIF_FILE" --fail-on none "${extra[@]}" -- "${paths[@]}"
  code=$?
  if [ ! -f "$ECSLINT_SARIF_FILE" ]; then
    # ecslint stopped before linting (a usage or configuration error); it
    # said why on stderr, and a second run would only say it again.
    echo "::error title=ecslint::no SARIF report was written (exit status $code); see the message above"
    exit "$code"
  fi
  if [ "$code" -gt 1 ]; then
    echo "::warning title=ecslint::some files could not be linted; the SARIF report lists them as tool notifications"
  fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "sarif-file=$ECSLINT_SARIF_FILE" >> "$GITHUB_OUTPUT"
  fi
fi

"$ecslint" --format "${ECSLINT_FORMAT:-github}" --fail-on "${ECSLINT_FAIL_ON:-warning}" "${extra[@]}" -- "${paths[@]}"
