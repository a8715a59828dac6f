package sec

import (
	"strings"

	"github.com/cfnvet/cfnvet/internal/lazyregexp"
)

// detector recognises a secret by its shape, whatever it is called.
type detector struct {
	kind string
	rx   *lazyregexp.Regexp
	// hint holds for every text rx can match in (it names text rx
	// requires), and is cheap: most values are tested against every
	// detector and hold none of them.
	hint func(s string) bool
}

var detectors = []detector{
	{"an AWS access key id", lazyregexp.New(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`), containsAny("AKIA", "ASIA")},
	{"a private key", lazyregexp.New(`-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----`), containsAny("PRIVATE KEY")},
	{"an AWS secret access key", lazyregexp.New(`(?i)aws.{0,20}secret.{0,20}[=:]\s*["']?[A-Za-z0-9/+]{40}\b`), awsSecretHint},
	{"a GitHub token", lazyregexp.New(`\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\b`), containsAny("gh", "github_pat_")},
	{"a Slack token", lazyregexp.New(`\bxox[abpors]-[A-Za-z0-9-]{10,}`), containsAny("xox")},
	{"a Stripe secret key", lazyregexp.New(`\b[sr]k_live_[0-9A-Za-z]{20,}`), containsAny("k_live_")},
	{"a Google API key", lazyregexp.New(`\bAIza[0-9A-Za-z_-]{35}\b`), containsAny("AIza")},
}

func containsAny(parts ...string) func(string) bool {
	return func(s string) bool {
		for _, p := range parts {
			if strings.Contains(s, p) {
				return true
			}
		}
		return false
	}
}

// awsSecretHint: the case-insensitive expression needs "aws" and "secret"
// in any case; with Unicode case folding ("ſ" is an "s") for text that is
// not ASCII, which is left to the expression.
func awsSecretHint(s string) bool {
	if !isASCII(s) {
		return true
	}
	lower := strings.ToLower(s)
	return strings.Contains(lower, "aws") && strings.Contains(lower, "secret")
}

// Detect returns what kind of secret s contains, or "". A match marked as
// an example (AKIAIOSFODNN7EXAMPLE, as in the AWS documentation) is not one.
func Detect(s string) string {
	for _, d := range detectors {
		if !d.hint(s) {
			continue
		}
		for _, m := range d.rx.FindAllString(s, -1) {
			if !placeholderMarker.MatchString(m) {
				return d.kind
			}
		}
	}
	return ""
}
