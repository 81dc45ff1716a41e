package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
)

// rtManifest is RT_MANIFEST of winuser.h.
const rtManifest = 24

// win10GUID is the supportedOS ID of Windows 10, which Windows 11 shares: without it Windows
// treats the program as written for Windows 8 (version lies, old DPI and theming behaviour).
const win10GUID = "{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"

// manifestInfo is what the checker reads of an application manifest.
type manifestInfo struct {
	SupportedOS  []string // supportedOS Id attributes, lower-case
	DPIAwareness string   // the dpiAwareness element (Windows 10 1607+), lower-case
}

// parseManifest reads the manifest XML. Element names are matched without their namespace,
// as Windows' own reader accepts the usual asm.v1/asm.v3/WindowsSettings spellings.
func parseManifest(b []byte) (manifestInfo, error) {
	var doc struct {
		XMLName       xml.Name `xml:"assembly"`
		Compatibility struct {
			Application struct {
				SupportedOS []struct {
					ID string `xml:"Id,attr"`
				} `xml:"supportedOS"`
			} `xml:"application"`
		} `xml:"compatibility"`
		Application []struct {
			WindowsSettings struct {
				DPIAwareness string `xml:"dpiAwareness"`
			} `xml:"windowsSettings"`
		} `xml:"application"`
	}
	var m manifestInfo
	// A UTF-8 BOM is allowed before the XML declaration.
	if err := xml.Unmarshal(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), &doc); err != nil {
		return m, fmt.Errorf("manifest is not an assembly XML document: %v", err)
	}
	for _, os := range doc.Compatibility.Application.SupportedOS {
		m.SupportedOS = append(m.SupportedOS, strings.ToLower(strings.TrimSpace(os.ID)))
	}
	for _, a := range doc.Application {
		if s := strings.TrimSpace(a.WindowsSettings.DPIAwareness); s != "" {
			m.DPIAwareness = strings.ToLower(s)
		}
	}
	return m, nil
}

// problems lists what the manifest lacks for Windows 10/11 and per-monitor DPI.
func (m *manifestInfo) problems() []string {
	if m == nil {
		return []string{"no RT_MANIFEST resource (Windows would treat the program as written for Windows 8)"}
	}
	var p []string
	if !slices.Contains(m.SupportedOS, win10GUID) {
		p = append(p, "the manifest does not declare Windows 10/11 (supportedOS "+win10GUID+")")
	}
	// "permonitorv2,system" is the usual value: V2 where it exists, system DPI before.
	first, _, _ := strings.Cut(m.DPIAwareness, ",")
	if strings.TrimSpace(first) != "permonitorv2" {
		p = append(p, fmt.Sprintf("the manifest's dpiAwareness is %q, want permonitorv2 first (text would be bitmap-scaled, blurred)", m.DPIAwareness))
	}
	return p
}
