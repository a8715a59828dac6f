package scan_test

import (
	"context"
	"encoding/binary"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// encode writes text in UTF-16 or UTF-32 (unit 2 or 4 bytes) in order,
// with bom first when given.
func encode(text string, unit int, order binary.AppendByteOrder, bom bool) []byte {
	var out []byte
	if bom {
		if unit == 2 {
			out = order.AppendUint16(out, 0xfeff)
		} else {
			out = order.AppendUint32(out, 0xfeff)
		}
	}
	for _, r := range text {
		if unit == 4 {
			out = order.AppendUint32(out, uint32(r))
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			out = order.AppendUint16(out, u)
		}
	}
	return out
}

// A template saved as UTF-16 or UTF-32 with a byte order mark (Windows
// editors, PowerShell's Out-File) is scanned like its UTF-8 text, findings
// at the same lines; without the mark it is an error naming the file when
// it reads as a template, and is never skipped as an empty or non-template
// file without saying why.
func TestUTF16And32TemplatesAreDecoded(t *testing.T) {
	eng := newEngine(t)
	src := "# ünïcode comment: 𝄞\nResources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: open\n" +
		"      SecurityGroupIngress:\n        - {CidrIp: 0.0.0.0/0, IpProtocol: tcp, FromPort: 22, ToPort: 22}\n"
	lines := func(data []byte) []int {
		res := eng.ScanBytes(context.Background(), "t.yaml", data)
		if res.Err != nil || res.Skipped {
			t.Fatalf("err=%v skipped=%v (%s)", res.Err, res.Skipped, res.SkipReason)
		}
		var out []int
		for _, f := range res.Findings {
			out = append(out, int(f.Range.Line))
		}
		return out
	}
	want := lines([]byte(src))
	if !slices.Contains(want, 8) {
		t.Fatalf("the UTF-8 template has no finding on its ingress line: %v", want)
	}
	if got := lines(append([]byte("\xef\xbb\xbf"), src...)); !slices.Equal(got, want) {
		t.Errorf("UTF-8 with a byte order mark: finding lines %v, want %v", got, want)
	}
	forms := map[string]struct {
		unit  int
		order binary.AppendByteOrder
	}{"UTF-16LE": {2, binary.LittleEndian}, "UTF-16BE": {2, binary.BigEndian}, "UTF-32LE": {4, binary.LittleEndian}, "UTF-32BE": {4, binary.BigEndian}}
	for name, f := range forms {
		if got := lines(encode(src, f.unit, f.order, true)); !slices.Equal(got, want) {
			t.Errorf("%s: finding lines %v, want %v", name, got, want)
		}
		res := eng.ScanBytes(context.Background(), "t.yaml", encode(src, f.unit, f.order, false))
		if res.Err == nil || res.Err.File != "t.yaml" || !strings.Contains(res.Err.Msg, name+" without a byte order mark") {
			t.Errorf("%s without a byte order mark: err=%v skipped=%v, want an error naming the encoding", name, res.Err, res.Skipped)
		}
		res = eng.ScanBytes(context.Background(), "settings.json", encode(`{"editor.tabSize": 4, "files.eol": "\n"}`, f.unit, f.order, false))
		if !res.Skipped || !strings.Contains(res.SkipReason, "without a byte order mark") {
			t.Errorf("%s non-template without a byte order mark: skipped=%v (%q) err=%v, want skipped with the reason", name, res.Skipped, res.SkipReason, res.Err)
		}
	}
	truncated := encode(src, 2, binary.LittleEndian, true)
	res := eng.ScanBytes(context.Background(), "t.yaml", truncated[:len(truncated)-1])
	if res.Err == nil || res.Err.Line != 8 || !strings.Contains(res.Err.Msg, "not valid UTF-16LE") {
		t.Errorf("UTF-16 ending in half a character: %v, want an error at line 8, where it ends", res.Err)
	}
}
