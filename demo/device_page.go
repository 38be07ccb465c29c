package demo

import (
	"errors"
	"net/http"
	"strings"
)

// handleDeviceVerification is the verification page (RFC 8628 §3.3): GET
// shows a form for the user code (filled in from verification_uri_complete)
// and the demo user's login; POST approves or denies.
func (s *Server) handleDeviceVerification(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		code := normalizeUserCode(r.URL.Query().Get("user_code"))
		writePage(w, http.StatusOK, s.devicePage(code, ""))
	case http.MethodPost:
		s.deviceDecision(w, r)
	default:
		allowMethod(w, r, http.MethodGet, http.MethodHead, http.MethodPost)
	}
}

// devicePage is the verification form, with what the device asks for when
// the code is known.
func (s *Server) devicePage(code, errText string) page {
	p := page{Title: "Connect a device", Error: errText, Form: true, Action: deviceVerifyPath,
		AskCode: true, AskLogin: true, UserCode: code, User: UserName, Approve: "Approve", Deny: "Deny",
		Message: "Enter the code shown on your device, then log in to approve it."}
	if g := s.devices.pending(code); g != nil {
		p.Client = g.req.client.ID
		p.Scopes = strings.Join(g.req.scopes, " ")
	}
	return p
}

// deviceDecision handles the form: the login first, then the decision.
func (s *Server) deviceDecision(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		writePage(w, http.StatusBadRequest, s.devicePage("", "The form could not be read."))
		return
	}
	code := normalizeUserCode(r.PostForm.Get("user_code"))
	if !loginOK(r.PostForm.Get("username"), r.PostForm.Get("password")) {
		writePage(w, http.StatusUnauthorized, s.devicePage(code, "Wrong user or password."))
		return
	}
	approve := r.PostForm.Get("action") == "approve"
	if err := s.ApproveDevice(code, approve); err != nil {
		writePage(w, http.StatusBadRequest, s.devicePage(code, deviceErrorText(err)))
		return
	}
	msg := "The device is connected: you can close this page and return to it."
	if !approve {
		msg = "You denied the request: the device gets no access. You can close this page."
	}
	writePage(w, http.StatusOK, page{Title: "Done", Message: msg})
}

// deviceErrorText says what went wrong with a user code on the page.
func deviceErrorText(err error) string {
	switch {
	case errors.Is(err, ErrUnknownUserCode):
		return "No device is waiting for this code: check it and try again."
	case errors.Is(err, ErrDeviceExpired):
		return "This code has expired: start again on the device for a new one."
	}
	return "This code was already used."
}

// pending returns the pending device authorization with the user code.
func (d *devices) pending(code string) *deviceGrant {
	d.mu.Lock()
	defer d.mu.Unlock()
	if g, ok := d.byUser[code]; ok && g.state == devicePending {
		return g
	}
	return nil
}

// routeUserFlows adds the endpoints and pages of the grants with a user.
func (s *Server) routeUserFlows(mux interface {
	HandleFunc(string, func(http.ResponseWriter, *http.Request))
}) {
	mux.HandleFunc(deviceAuthPath, s.handleDeviceAuthorization)
	mux.HandleFunc(deviceVerifyPath, s.handleDeviceVerification)
	mux.HandleFunc(authorizePath, s.handleAuthorize)
	mux.HandleFunc(parPath, s.handlePAR)
	mux.HandleFunc(userinfoPath, s.handleUserinfo)
}
