package flows

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxTokenInput caps a token read from stdin or given to DecodeJWT: far
// above any real JWT (a few KiB), low enough to keep memory bounded.
const MaxTokenInput = 1 << 20

// TooLargeError says an input was over its size cap, so it was not read
// whole and is not judged as if it were complete. N is its size in bytes
// when known; AtLeast means it is larger than N and was not read to its
// end. Decompressed means the limit was reached after the transport
// un-gzipped the answer (a small compressed answer can be a decompression
// bomb).
type TooLargeError struct {
	What         string // "the token", "the metadata", "the JWKS", …
	N            int64
	Limit        int64
	AtLeast      bool
	Decompressed bool
}

func (e *TooLargeError) Error() string {
	size := strconv.FormatInt(e.N, 10) + " bytes"
	if e.AtLeast {
		size = "more than " + strconv.FormatInt(e.Limit, 10) + " bytes"
		if e.N > e.Limit {
			size = "at least " + strconv.FormatInt(e.N, 10) + " bytes"
		}
	}
	if e.Decompressed {
		size += " once decompressed"
	}
	return fmt.Sprintf("%s is too large (%s, limit %d)", e.What, size, e.Limit)
}

// ReadCapped reads r to its end, up to limit bytes. When r holds more, it
// returns a *TooLargeError instead of a silently cut input; to say how
// large, it goes on counting (not keeping) up to 64 times the limit. Use
// it for a token on stdin: ReadCapped(os.Stdin, MaxTokenInput).
func ReadCapped(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil || int64(len(b)) <= limit {
		return b, err
	}
	rest, err := io.Copy(io.Discard, io.LimitReader(r, 63*limit))
	n := int64(len(b)) + rest
	te := &TooLargeError{What: "the input", N: n, Limit: limit, AtLeast: rest == 63*limit || err != nil}
	return nil, te
}

// ReadToken reads a token from r (stdin for "decode -"), capped at
// MaxTokenInput, with surrounding white space removed. A larger input is
// a *TooLargeError ("the token is too large (N bytes, limit M)"), never a
// cut token that would then be called opaque.
func ReadToken(r io.Reader) (string, error) {
	b, err := ReadCapped(r, MaxTokenInput)
	var te *TooLargeError
	if errors.As(err, &te) {
		te.What = "the token"
	}
	return strings.TrimSpace(string(b)), err
}

// bodyTooLarge returns a *TooLargeError when Send cut ex's body at limit
// (Exchange.Truncated), and nil otherwise. The size comes from
// Content-Length when the transport did not decompress the body, else from
// the bytes Send counted (Exchange.SizeSeen).
func bodyTooLarge(what string, ex Exchange, limit int64) error {
	if !ex.Truncated {
		return nil
	}
	e := &TooLargeError{What: what, N: limit, Limit: limit, AtLeast: true, Decompressed: ex.Uncompressed}
	if n, err := strconv.ParseInt(ex.ResponseHeader.Get("Content-Length"), 10, 64); err == nil && n > limit &&
		!ex.Uncompressed {
		e.N, e.AtLeast = n, false
	} else if ex.SizeSeen > limit { // counted to its end, or to 8 times the cap (Send)
		e.N, e.AtLeast = ex.SizeSeen, ex.SizeSeen > 8*limit
	}
	return e
}

// IsTooLarge reports whether err is or wraps a *TooLargeError.
func IsTooLarge(err error) bool {
	var te *TooLargeError
	return errors.As(err, &te)
}

// answerError is endpointError for an answer that is about to be parsed:
// a success whose body Send cut at the cap (Exchange.Truncated) is a
// *TooLargeError ("the token response is too large (N bytes, limit M)"),
// never a cut body that then fails to parse and is blamed on the server.
func answerError(step string, ex Exchange) error {
	if err := endpointError(step, ex); err != nil {
		return err
	}
	return bodyTooLarge("the "+step+" response", ex, MaxProtocolBody)
}
