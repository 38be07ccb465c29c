// Package har writes and reads HTTP Archive 1.2 files
// (http://www.softwareishard.com/blog/har-12-spec/, the format browser
// devtools import and export) from the exchanges oauthlens captures.
//
// An exported file never holds a secret: every exchange goes through
// flows.Exchange.Exported with the run's Redactor (secret headers and
// fields masked, every known value masked in every form, JWT signatures
// removed so that a token stays readable but cannot be replayed).
//
// The types are the spec's own; they are small enough to define here
// rather than pull in a proxy library for them.
package har

import "time"

// File is the top-level HAR object.
type File struct {
	Log Log `json:"log"`
}

// Log is the HAR log (spec: "log").
type Log struct {
	Version string  `json:"version"`
	Creator Creator `json:"creator"`
	Pages   []Page  `json:"pages,omitempty"`
	Entries []Entry `json:"entries"`
	Comment string  `json:"comment,omitempty"`
}

// Creator names the program that wrote the file.
type Creator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Page groups entries (oauthlens writes one page per walk).
type Page struct {
	StartedDateTime string      `json:"startedDateTime"`
	ID              string      `json:"id"`
	Title           string      `json:"title"`
	PageTimings     PageTimings `json:"pageTimings"`
}

// PageTimings are a page's load times; unknown (-1) for a walk.
type PageTimings struct {
	OnContentLoad float64 `json:"onContentLoad"`
	OnLoad        float64 `json:"onLoad"`
}

// Entry is one exchange. The fields starting with an underscore are the
// spec's custom fields: oauthlens's own record that a plain HAR lacks.
type Entry struct {
	Pageref         string   `json:"pageref,omitempty"`
	StartedDateTime string   `json:"startedDateTime"`
	Time            float64  `json:"time"`
	Request         Request  `json:"request"`
	Response        Response `json:"response"`
	Cache           struct{} `json:"cache"`
	Timings         Timings  `json:"timings"`
	ServerIPAddress string   `json:"serverIPAddress,omitempty"`
	Comment         string   `json:"comment,omitempty"`
	// Label is the exchange's label ("discovery", "token", "call", …).
	Label string `json:"_label,omitempty"`
	// Error is the transport error when no response arrived.
	Error string `json:"_error,omitempty"`
	// Truncated says the response body was cut at the size cap.
	Truncated bool `json:"_truncated,omitempty"`
	// HeaderWritten says the request headers were observed on the wire.
	HeaderWritten bool `json:"_headerWritten,omitempty"`
}

// Request is the request as sent.
type Request struct {
	Method      string    `json:"method"`
	URL         string    `json:"url"`
	HTTPVersion string    `json:"httpVersion"`
	Cookies     []Cookie  `json:"cookies"`
	Headers     []NV      `json:"headers"`
	QueryString []NV      `json:"queryString"`
	PostData    *PostData `json:"postData,omitempty"`
	HeadersSize int       `json:"headersSize"`
	BodySize    int       `json:"bodySize"`
}

// Response is the answer.
type Response struct {
	Status      int     `json:"status"`
	StatusText  string  `json:"statusText"`
	HTTPVersion string  `json:"httpVersion"`
	Cookies     []NV    `json:"cookies"`
	Headers     []NV    `json:"headers"`
	Content     Content `json:"content"`
	RedirectURL string  `json:"redirectURL"`
	HeadersSize int     `json:"headersSize"`
	BodySize    int     `json:"bodySize"`
}

// NV is a name/value pair (headers, query parameters, form parameters).
type NV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Cookie is a request cookie (oauthlens sends none).
type Cookie = NV

// PostData is a request body.
type PostData struct {
	MimeType string `json:"mimeType"`
	Params   []NV   `json:"params"`
	Text     string `json:"text"`
}

// Content is a response body.
type Content struct {
	Size     int    `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
	Encoding string `json:"encoding,omitempty"` // "base64" for a body that is not UTF-8
}

// Timings are the phases of an exchange in milliseconds (-1: not known).
// Connect includes SSL, as the spec says.
type Timings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	SSL     float64 `json:"ssl"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// TimeFormat is the form of startedDateTime (ISO 8601 with milliseconds).
const TimeFormat = "2006-01-02T15:04:05.000Z07:00"
