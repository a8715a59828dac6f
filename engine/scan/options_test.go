package scan

import (
	"context"
	"testing"

	"github.com/cfnvet/cfnvet/engine/resolve"
	"github.com/cfnvet/cfnvet/engine/rule"
)

// The account a template deploys into reaches rules as Options.AccountID
// when it is supplied as the AWS::AccountId pseudo parameter, unless the
// caller set it explicitly.
func TestAccountIDFromPseudoParameter(t *testing.T) {
	for _, tc := range []struct {
		name     string
		params   map[string]string
		explicit string
		want     string
	}{
		{"supplied", map[string]string{"AWS::AccountId": "111122223333"}, "", "111122223333"},
		{"explicit wins", map[string]string{"AWS::AccountId": "111122223333"}, "444455556666", "444455556666"},
		{"absent", nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := New(context.Background(), Config{
				Inputs:  resolve.Inputs{Parameters: tc.params},
				Options: rule.Options{AccountID: tc.explicit},
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := e.cfg.Options.AccountID; got != tc.want {
				t.Errorf("AccountID = %q, want %q", got, tc.want)
			}
		})
	}
}
