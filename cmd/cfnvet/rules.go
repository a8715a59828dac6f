package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cfnvet/cfnvet"
	"github.com/cfnvet/cfnvet/engine/rule"
	"github.com/cfnvet/cfnvet/engine/ruledoc"
	"github.com/cfnvet/cfnvet/engine/scan"
	"github.com/cfnvet/cfnvet/rules"
)

func loadRegistry(ctx context.Context) (*rule.Registry, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	eng, err := scan.New(ctx, scan.Config{GoRules: rules.Go(), Policies: rules.Policies()})
	if err != nil {
		return nil, err
	}
	return eng.Registry, nil
}

type ruleJSON struct {
	ID            string              `json:"id"`
	Slug          string              `json:"slug"`
	Family        string              `json:"family"`
	Severity      string              `json:"severity"`
	Title         string              `json:"title"`
	Description   string              `json:"description"`
	Remediation   string              `json:"remediation"`
	ResourceTypes []string            `json:"resource_types"`
	Aliases       map[string][]string `json:"aliases"`
	Engine        string              `json:"engine"`
	HelpURI       string              `json:"help_uri"`
	// Sets are the rule sets the rule is in: "default", or the opt-in sets
	// that enable it (every rule is also in "strict").
	Sets []string `json:"sets"`
}

func newRulesCmd(s streams) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its metadata",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			reg, err := loadRegistry(cmd.Context())
			if err != nil {
				return err
			}
			switch format {
			case "json":
				out := []ruleJSON{}
				for _, m := range reg.All() {
					aliases := map[string][]string{}
					for _, tool := range rule.PeerTools() {
						aliases[tool] = []string{}
					}
					for k, v := range m.Aliases {
						aliases[k] = v
					}
					out = append(out, ruleJSON{ID: m.ID, Slug: m.Slug, Family: string(m.Family), Severity: m.Severity.String(),
						Title: m.Title, Description: m.Description, Remediation: m.Remediation, ResourceTypes: m.ResourceTypes,
						Aliases: aliases, Engine: m.Engine, HelpURI: m.HelpURI(), Sets: m.SetLabels()})
				}
				enc := json.NewEncoder(s.out)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(out)
			case "markdown":
				fmt.Fprintln(s.out, "| ID | Slug | Severity | Set | Title |")
				fmt.Fprintln(s.out, "|---|---|---|---|---|")
				for _, m := range reg.All() {
					fmt.Fprintf(s.out, "| [%s](rules/%s.md) | %s | %s | %s | %s |\n", m.ID, m.ID, m.Slug, m.Severity,
						strings.Join(m.SetLabels(), ", "), m.Title)
				}
				return nil
			case "text":
				tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
				for _, m := range reg.All() {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, m.Severity, strings.Join(m.SetLabels(), ","), m.Slug, m.Title)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				// Where to go from the set column: how to turn a set on.
				fmt.Fprintln(s.out, "\nRule sets (scan runs \"default\"; add others with --profile SET or `profile: [SET]` in .cfnvet.yaml):")
				for _, set := range rule.RuleSets {
					fmt.Fprintf(tw, "  %s\t%d rules\t%s\n", set.Name, len(reg.InSet(set.Name)), set.Summary)
				}
				return tw.Flush()
			}
			return fmt.Errorf("--format %q: want text, json or markdown", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text, json or markdown")
	return cmd
}

func newExplainCmd(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "explain ID|SLUG|ALIAS",
		Short: "Show the full documentation of one rule, with a tested bad and good example",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := loadRegistry(cmd.Context())
			if err != nil {
				return err
			}
			ms := reg.Lookup(args[0])
			if len(ms) == 0 {
				return fmt.Errorf("no rule matches %q (try `cfnvet rules`)", args[0])
			}
			for i, m := range ms {
				if i > 0 {
					fmt.Fprintln(s.out, strings.Repeat("-", 72))
				}
				bad, good := cfnvet.Example(m.ID)
				fmt.Fprint(s.out, ruledoc.Text(m, ruledoc.Example{Bad: bad, Good: good}))
			}
			return nil
		},
	}
}
