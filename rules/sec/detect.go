package sec

import "regexp"

// detector recognises a secret by its shape, whatever it is called.
type detector struct {
	kind string
	rx   *regexp.Regexp
}

var detectors = []detector{
	{"an AWS access key id", regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a private key", regexp.MustCompile(`-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----`)},
	{"an AWS secret access key", regexp.MustCompile(`(?i)aws.{0,20}secret.{0,20}[=:]\s*["']?[A-Za-z0-9/+]{40}\b`)},
	{"a GitHub token", regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\b`)},
	{"a Slack token", regexp.MustCompile(`\bxox[abpors]-[A-Za-z0-9-]{10,}`)},
	{"a Stripe secret key", regexp.MustCompile(`\b[sr]k_live_[0-9A-Za-z]{20,}`)},
	{"a Google API key", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`)},
}

// Detect returns what kind of secret s contains, or "". A match marked as
// an example (AKIAIOSFODNN7EXAMPLE, as in the AWS documentation) is not one.
func Detect(s string) string {
	for _, d := range detectors {
		for _, m := range d.rx.FindAllString(s, -1) {
			if !placeholderMarker.MatchString(m) {
				return d.kind
			}
		}
	}
	return ""
}
