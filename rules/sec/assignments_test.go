package sec

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// assignmentExpression is what assignments matches by hand.
var assignmentExpression = regexp.MustCompile(`([A-Za-z0-9_.-]+)["']?[ \t]*[=:][ \t]*["']?([^\s"',;&|)]+)`)

func assignmentsByExpression(text string) [][2]string {
	var out [][2]string
	for _, m := range assignmentExpression.FindAllStringSubmatch(text, -1) {
		out = append(out, [2]string{m[1], m[2]})
	}
	return out
}

func TestAssignmentsMatchExpression(t *testing.T) {
	texts := []string{
		"", "=", "a=", "a=b", "DB_PASSWORD=hunter2hunter2", `"password": "s3cr3t-value"`, "key : value",
		"a\t=\t'b'", `a"=b`, `a'='b'`, `a""=b`, "a= ''", "a=\"\"x", "a.b-c_d=e,f=g;h=i&j=k|l=m)n=o",
		"x=y=z", "::", "a:b:c", "export TOKEN=$(aws ssm get-parameter)", "é=ü", "aé=b", "a=é", "a=\xff\xfe",
		"\xffa=b", "a\n=b", "a=\nb", "a \"=b", "a= \"b", "a=\"\"", "a=b c=d", "a=b\tc=d", "-=-", ".=.",
		"k=v\u00a0w", "k=v\u2028w", "PASSWORD='abc def'", "a=b)c", "(a=b)", "a=\fb", "a\f=b", "a=\vb",
	}
	// Random texts over the characters that matter to the expression, and
	// some that do not.
	alphabet := []string{"a", "Z", "0", "_", ".", "-", "b", "9", "k", "=", "=", ":", "\"", "'", " ", "\t", "\n", "\r", "\f", "\v", "=", ":",
		",", ";", "&", "|", ")", "(", "$", "{", "}", "é", "\xff", "\u2028", "/"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		n := rng.IntN(16)
		b := make([]byte, 0, n*2)
		for range n {
			b = append(b, alphabet[rng.IntN(len(alphabet))]...)
		}
		texts = append(texts, string(b))
	}
	matched := 0
	for _, text := range texts {
		want := assignmentsByExpression(text)
		got := assignments(text)
		if len(got) != len(want) {
			t.Errorf("assignments(%q) = %q, the expression finds %q", text, got, want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("assignments(%q) = %q, the expression finds %q", text, got, want)
				break
			}
		}
		if len(want) > 0 {
			matched++
		}
	}
	// Both answers must be exercised, or agreement proves little.
	if matched < len(texts)/20 || matched > len(texts)*19/20 {
		t.Errorf("%d of %d texts have an assignment; the texts do not exercise both answers", matched, len(texts))
	}
	t.Logf("%d texts, %d with assignments", len(texts), matched)
}
