package discover

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// What a build output is, for the --verbose note on a git-ignored one.
const (
	whatCDK        = "a CDK cloud assembly (manifest.json)"
	whatServerless = "a Serverless package (its CloudFormation templates)"
)

// buildOutput recognises a framework build output directory and lists its
// templates: a CDK cloud assembly (manifest.json, whose asset.* folders are
// never scanned as stacks) or a Serverless package (.serverless, or the
// folder `serverless package --package DIR` wrote, which holds
// serverless-state.json).
func buildOutput(dir string) ([]Input, string) {
	if isCloudAssembly(dir) {
		return cdkManifestTemplates(filepath.Join(dir, "manifest.json"), Role{}), whatCDK
	}
	if isServerlessPackage(dir) {
		return serverlessTemplates(dir), whatServerless
	}
	return nil, ""
}

type cloudAssembly struct {
	Version   string `json:"version"`
	Artifacts map[string]struct {
		Type        string `json:"type"`
		DisplayName string `json:"displayName"`
		Properties  struct {
			TemplateFile  string `json:"templateFile"`
			DirectoryName string `json:"directoryName"`
			DisplayName   string `json:"displayName"`
		} `json:"properties"`
	} `json:"artifacts"`
}

func readCloudAssembly(manifest string) (*cloudAssembly, bool) {
	data, err := readRegular(manifest)
	if err != nil {
		return nil, false
	}
	var m cloudAssembly
	if json.Unmarshal(data, &m) != nil || m.Artifacts == nil || m.Version == "" {
		return nil, false
	}
	return &m, true
}

// isCloudAssembly reports a directory holding a CDK cloud assembly
// manifest (cdk.out, or a stage's assembly-* folder).
func isCloudAssembly(dir string) bool {
	_, ok := readCloudAssembly(filepath.Join(dir, "manifest.json"))
	return ok
}

// cdkManifestTemplates lists the stack templates of a cloud assembly
// manifest, following nested cloud assemblies (stages). Nested stacks are
// not listed: they are found from their parent's AWS::CloudFormation::Stack
// resources, so they are scanned with the parameters the parent passes.
func cdkManifestTemplates(manifest string, within Role) []Input {
	m, ok := readCloudAssembly(manifest)
	if !ok {
		return nil
	}
	dir := filepath.Dir(manifest)
	names := make([]string, 0, len(m.Artifacts))
	for n := range m.Artifacts {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Input
	for _, n := range names {
		a := m.Artifacts[n]
		switch a.Type {
		case "aws:cloudformation:stack":
			if a.Properties.TemplateFile == "" {
				continue
			}
			role := Role{Framework: CDK, Stack: n, Stage: within.Stage}
			out = append(out, Input{Path: filepath.Join(dir, a.Properties.TemplateFile), Role: role})
		case "cdk:cloud-assembly":
			stage := a.Properties.DisplayName
			if stage == "" {
				stage = a.DisplayName
			}
			if stage == "" {
				stage = n
			}
			out = append(out, cdkManifestTemplates(filepath.Join(dir, a.Properties.DirectoryName, "manifest.json"), Role{Stage: stage})...)
		}
	}
	return out
}

// cdkOutputDir is the cloud assembly folder of the CDK app defined by a
// cdk.json: its "output" setting, else cdk.out beside it.
func cdkOutputDir(cdkJSON string) string {
	var c struct {
		Output string `json:"output"`
	}
	if data, err := readRegular(cdkJSON); err == nil {
		_ = json.Unmarshal(data, &c)
	}
	if c.Output == "" {
		c.Output = "cdk.out"
	}
	if filepath.IsAbs(c.Output) {
		return c.Output
	}
	return filepath.Join(filepath.Dir(cdkJSON), c.Output)
}

func cdkUnbuilt(out string) string {
	return fmt.Sprintf("CDK app not synthesised: %s does not exist; run `npx cdk synth` first, then scan again",
		filepath.Join(out, "manifest.json"))
}

// serverlessServiceNames are the files a Serverless Framework service is
// defined in.
var serverlessServiceNames = []string{"serverless.yml", "serverless.yaml", "serverless.json", "serverless.ts", "serverless.js", "serverless.mjs", "serverless.cjs"}

// frameworkMarkers are the files buildOutput and walker.project look for in
// a directory.
var frameworkMarkers = append([]string{"manifest.json", "cdk.json", serverlessUpdate, serverlessCreate}, serverlessServiceNames...)

// mayHoldFrameworkFiles reports whether dir lists one of frameworkMarkers
// (compared without case, as some file systems compare names), or cannot
// be listed. One read of the directory replaces asking for each marker,
// a dozen stat calls for each directory of a walk.
func mayHoldFrameworkFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return true
	}
	for _, e := range entries {
		for _, m := range frameworkMarkers {
			if strings.EqualFold(e.Name(), m) {
				return true
			}
		}
	}
	return false
}

func isServerlessServiceFile(base string) bool {
	for _, n := range serverlessServiceNames {
		if base == n {
			return true
		}
	}
	return false
}

// serverlessServiceFiles lists the service files in dir.
func serverlessServiceFiles(dir string) []string {
	var out []string
	for _, n := range serverlessServiceNames {
		if p := filepath.Join(dir, n); isFile(p) {
			out = append(out, p)
		}
	}
	return out
}

const (
	serverlessUpdate = "cloudformation-template-update-stack.json"
	serverlessCreate = "cloudformation-template-create-stack.json"
	serverlessState  = "serverless-state.json"
)

// isServerlessPackage reports a folder `serverless package` wrote: the
// default .serverless, or any folder given with --package, which holds
// serverless-state.json beside the templates.
func isServerlessPackage(dir string) bool {
	if !isFile(filepath.Join(dir, serverlessUpdate)) && !isFile(filepath.Join(dir, serverlessCreate)) {
		return false
	}
	return filepath.Base(dir) == ".serverless" || isFile(filepath.Join(dir, serverlessState))
}

// serverlessPackages finds the packaged output of a service: .serverless
// beside the service file, else any folder beside it that holds a
// serverless-state.json written for that service file (`serverless package
// --package DIR`).
func serverlessPackages(serviceFile string) []string {
	dir := filepath.Dir(serviceFile)
	if pkg := filepath.Join(dir, ".serverless"); isServerlessPackage(pkg) {
		return []string{pkg}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() || neverWalked[e.Name()] {
			continue
		}
		pkg := filepath.Join(dir, e.Name())
		if !isFile(filepath.Join(pkg, serverlessState)) || !isServerlessPackage(pkg) {
			continue
		}
		if name := serverlessStateOf(pkg).Service.ServiceFilename; name == "" || name == filepath.Base(serviceFile) {
			out = append(out, pkg)
		}
	}
	return out
}

type serverlessStateFile struct {
	Service struct {
		Service         string `json:"service"`
		ServiceFilename string `json:"serviceFilename"`
	} `json:"service"`
}

func serverlessStateOf(pkg string) serverlessStateFile {
	var s serverlessStateFile
	if data, err := readRegular(filepath.Join(pkg, serverlessState)); err == nil {
		_ = json.Unmarshal(data, &s)
	}
	return s
}

// serverlessTemplates lists the CloudFormation templates of a Serverless
// package: the update-stack template (what `serverless deploy` applies)
// and the create-stack one.
//
// The create-stack template only bootstraps the deployment bucket, which the
// update-stack template declares again: when every one of its resources is
// there, it is listed as skipped so its findings are not reported twice.
func serverlessTemplates(pkg string) []Input {
	role := Role{Framework: Serverless, Stack: serverlessStateOf(pkg).Service.Service}
	var out []Input
	create, update := filepath.Join(pkg, serverlessCreate), filepath.Join(pkg, serverlessUpdate)
	if isFile(create) {
		in := Input{Path: create, Role: role}
		if isFile(update) && resourcesWithin(create, update) {
			in.Skip = "its resources are all in " + serverlessUpdate + ", which is scanned"
		}
		out = append(out, in)
	}
	if isFile(update) {
		out = append(out, Input{Path: update, Role: role})
	}
	return out
}

// resourcesWithin reports whether every logical id of template a is also a
// resource of template b (both JSON, as the framework writes them).
func resourcesWithin(a, b string) bool {
	ids := func(p string) (map[string]json.RawMessage, bool) {
		var t struct {
			Resources map[string]json.RawMessage `json:"Resources"`
		}
		data, err := readRegular(p)
		if err != nil || json.Unmarshal(data, &t) != nil {
			return nil, false
		}
		return t.Resources, true
	}
	ra, okA := ids(a)
	rb, okB := ids(b)
	if !okA || !okB {
		return false
	}
	for id := range ra {
		if _, ok := rb[id]; !ok {
			return false
		}
	}
	return true
}

func serverlessUnbuilt(serviceFile string) string {
	return fmt.Sprintf("Serverless service not packaged: %s does not exist; run `npx serverless package` first, then scan again",
		filepath.Join(filepath.Dir(serviceFile), ".serverless", serverlessUpdate))
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// within reports whether p is dir or below it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}
