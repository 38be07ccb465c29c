package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// caught is the signal (SIGINT or SIGTERM) that cancelled a command's
// context; 0 until one arrives. Signals are process-wide, and so is this.
var caught atomic.Int32

// signalContext is cancelled by Ctrl-C or SIGTERM. The signal is recorded
// (caught) before the context ends, so that whatever error the cancelled
// flow returns is reported as the interruption it is (interruption).
func signalContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		defer signal.Stop(ch)
		select {
		case s := <-ch:
			if n, ok := s.(syscall.Signal); ok {
				caught.Store(int32(n))
			}
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// interruption reports whether err ended a command because the person
// interrupted it (Ctrl-C, SIGTERM), and the exit code for that: 128 plus
// the signal's number, the shell's convention (130 for Ctrl-C). An
// interrupted flow did not fail: it gets no diagnosis.
func interruption(err error) (int, bool) {
	sig := syscall.Signal(caught.Load())
	if sig == 0 && !errors.Is(err, context.Canceled) {
		return 0, false
	}
	if sig == 0 {
		sig = syscall.SIGINT
	}
	return 128 + int(sig), true
}
