package ui

import (
	"strings"

	"github.com/mdp/qrterminal/v3"
)

// qrText draws s as a QR code with half blocks (two modules a line), with
// a quiet zone, using github.com/mdp/qrterminal (on rsc.io/qr). It reads
// on dark and light terminals alike: the colours are the terminal's own.
func qrText(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	qrterminal.GenerateWithConfig(s, qrterminal.Config{Level: qrterminal.L, Writer: &b, HalfBlocks: true,
		BlackChar: qrterminal.BLACK_BLACK, WhiteBlackChar: qrterminal.WHITE_BLACK, WhiteChar: qrterminal.WHITE_WHITE,
		BlackWhiteChar: qrterminal.BLACK_WHITE, QuietZone: 2})
	return b.String()
}
