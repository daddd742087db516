// Command ecslint finds ECS task definitions and Dockerfiles that will fail
// with CannotPullContainerError: Docker Hub images pulled without
// credentials, broken repositoryCredentials, missing execution roles, and
// suggests Amazon ECR Public equivalents.
//
// Usage:
//
//	ecslint [flags] [PATH ...]
//	ecslint rules
//	ecslint explain ID
//	ecslint version
package main

import (
	"os"

	"github.com/ecslint/ecslint/internal/gctune"
)

func main() {
	gctune.Tune()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
