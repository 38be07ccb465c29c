#!/usr/bin/env bash
# make.sh regenerates the README screenshots. It builds the real oauthlens
# binary, runs `oauthlens demo` in a detached tmux session for each screen,
# types the keys a person would, waits for the screen to show what it should,
# captures the pane with its colours (tmux capture-pane -e), renders that to
# SVG with charmbracelet/freeze and to PNG with rsvg-convert.
#
#   screenshots/make.sh            # writes screenshots/*.png
#
# Settings (environment):
#   SHOTS_ADDR      demo server address            (127.0.0.1:9400, so URLs repeat)
#   OAUTHLENS_CLOCK the fixed start of the clock   (2026-01-15T09:30:00Z)
#   SHOTS_OUT       where the PNGs go              (this folder)
#   SHOTS_CACHE     where freeze is built          (${XDG_CACHE_HOME:-~/.cache}/oauthlens-screenshots)
#   SHOTS_REV       build this git revision instead of the work tree (e.g. HEAD)
#   SHOTS_NETNS=0   don't run tmux in a network namespace of its own (as root it does)
#   SHOTS_KEEP=1    keep the .ans and .svg files next to the PNGs (for debugging)
#   SHOTS_ONLY      the screens to make, e.g. "presenter" (all by default)
#   SHOTS_LH        the line height of the PNGs (1.0)
#
# Tools: go, tmux, rsvg-convert (Debian librsvg2-bin), the DejaVu Sans Mono font
# (fonts-dejavu-core), and freeze v0.2.2, which is built from the Go module
# proxy into the cache on first use. Missing Debian packages are installed with
# apt-get when running as root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
out=${SHOTS_OUT:-$here}
addr=${SHOTS_ADDR:-127.0.0.1:9400}
clock=${OAUTHLENS_CLOCK:-2026-01-15T09:30:00Z}
cache=${SHOTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oauthlens-screenshots}
freeze_version=v0.2.2
font="DejaVu Sans Mono"

log() { printf 'make.sh: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

# --- tools -------------------------------------------------------------------

apt_install() { # apt_install PACKAGE...: install Debian packages, or say how
	if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
		die "missing: $*; install them (Debian: sudo apt-get install $*) and run again"
	fi
	log "installing $* with apt-get"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq "$@" >/dev/null ||
		{ apt-get update -qq >/dev/null && apt-get install -y -qq "$@" >/dev/null; } ||
		die "apt-get install $* failed"
}

ensure_tools() {
	command -v go >/dev/null || die "go is needed (Go 1.26, see the README)"
	local missing=()
	command -v tmux >/dev/null || missing+=(tmux)
	command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
	if ! command -v fc-match >/dev/null || [[ $(fc-match -f '%{family}' "$font") != *"$font"* ]]; then
		missing+=(fonts-dejavu-core fontconfig)
	fi
	if ((${#missing[@]})); then apt_install "${missing[@]}"; fi

	# freeze: one on PATH of the right version, else the cached build, else build it.
	if command -v freeze >/dev/null && [[ $(freeze --version 2>/dev/null) == *"$freeze_version"* ]]; then
		freeze=$(command -v freeze)
		return
	fi
	freeze=$cache/freeze-$freeze_version
	[[ -x $freeze ]] && return
	log "building freeze $freeze_version into $cache (once)"
	mkdir -p "$cache"
	local mod
	mod=$(mktemp -d)
	(
		cd "$mod"
		export GOWORK=off GOFLAGS=-mod=mod
		go mod init freeze-build >/dev/null 2>&1
		go get "github.com/charmbracelet/freeze@$freeze_version" >/dev/null 2>&1
		go build -o "$freeze.tmp" github.com/charmbracelet/freeze
	) || {
		rm -rf "$mod"
		die "building freeze $freeze_version failed"
	}
	rm -rf "$mod"
	mv "$freeze.tmp" "$freeze"
}

# --- tmux --------------------------------------------------------------------

# A private tmux server (its own socket), so a person's own tmux sessions are
# never touched, and it is ended with everything in it on exit.
sock=oauthlens-shots-$$
tm() { tmux -u -L "$sock" -f /dev/null "$@"; }

work=
cleanup() {
	tm kill-server >/dev/null 2>&1 || true
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
	[[ -n $work ]] && rm -rf "$work"
}
trap cleanup EXIT

# start_tmux starts the tmux server, with an idle session that keeps it up.
# As root, it runs in a network namespace of its own (loopback only), so the
# demo server gets $addr even when another program holds it on this machine;
# SHOTS_NETNS=0 turns that off. innet runs a command in the same namespace.
innet=()
start_tmux() {
	local idle=(new-session -d -s idle -x 80 -y 24 "sleep 86400")
	if [[ ${SHOTS_NETNS:-1} == 1 && $(id -u) -eq 0 ]] && command -v unshare >/dev/null &&
		command -v nsenter >/dev/null && command -v ip >/dev/null && unshare --net true 2>/dev/null; then
		# shellcheck disable=SC2016 # $@ is for the inner shell
		unshare --net sh -c 'ip link set lo up && exec "$@"' sh tmux -u -L "$sock" -f /dev/null "${idle[@]}"
		innet=(nsenter "--net=/proc/$(tm display-message -p -t idle '#{pid}')/ns/net")
		log "tmux runs in a network namespace of its own (loopback only)"
	else
		tm "${idle[@]}"
	fi
}

port_busy() {
	# shellcheck disable=SC2016 # $1 and $2 are for the inner shell
	"${innet[@]}" bash -c 'exec 3<>"/dev/tcp/$1/$2"' sh "${addr%:*}" "${addr##*:}" 2>/dev/null
}

# wait_port_free: the demo server of the previous screen has gone, and
# nothing else holds the address.
wait_port_free() {
	local i
	for ((i = 0; i < 300; i++)); do
		port_busy || return 0
		sleep 0.1
	done
	die "$addr is in use by another program; stop it or set SHOTS_ADDR"
}

# start NAME COLS ROWS [DEMO FLAGS...]: oauthlens demo in a new session.
start() {
	local name=$1 cols=$2 rows=$3
	shift 3
	wait_port_free
	local cmd
	# TERM and COLORTERM make the program draw in true colour; an empty
	# config dir and no NO_COLOR make every run draw the same.
	printf -v cmd '%q ' env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 \
		XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" OAUTHLENS_CLOCK="$clock" "$work/oauthlens" demo --addr "$addr" "$@"
	# If the program ends, the pane stays, so wait_for can show why.
	tm new-session -d -s "$name" -x "$cols" -y "$rows" "$cmd; echo \"[oauthlens exited: \$?]\"; sleep 3600"
}

screen() { tm capture-pane -p -t "$1"; }

# wait_for NAME TEXT...: until the screen shows every TEXT (10 s at most).
wait_for() {
	local name=$1 i t s ok
	shift
	for ((i = 0; i < 100; i++)); do
		s=$(screen "$name")
		ok=1
		for t in "$@"; do
			[[ $s == *"$t"* ]] || {
				ok=
				break
			}
		done
		[[ -n $ok ]] && return 0
		sleep 0.1
	done
	log "screen $name never showed: $*"
	screen "$name" >&2
	exit 1
}

# keys NAME KEY...: type keys one at a time, as a person would.
keys() {
	local name=$1 k
	shift
	for k in "$@"; do
		tm send-keys -t "$name" "$k"
		sleep 0.2
	done
}

# render ANS FILE: render a capture (already through ansilines) to FILE.png.
render() {
	local ans=$1 file=$2 lh=${3:-1.0}
	"$freeze" "$ans" --language ansi --output "$work/$file.svg" \
		--font.family "$font" --font.size 14 --line-height "$lh" \
		--window --border.radius 8 --padding 20,20,16,20 --margin 0 >/dev/null
	rsvg-convert --background-color '#171717' "$work/$file.svg" -o "$out/$file.png"
}

# capture NAME ANS: the screen with its colours, each line carrying the
# colours in force at its start (ansilines: tmux writes a colour only where
# it changes, and freeze draws each line from a reset state, which turned
# labels that continue a colour white).
capture() {
	tm capture-pane -e -p -t "$1" | "$work/ansilines" >"$2"
}

# snap NAME FILE: capture the screen and render FILE.png; the session goes on.
snap() {
	local name=$1 file=$2 lh=${3:-1.0}
	sleep 0.3 # let the last frame land
	capture "$name" "$work/$file.ans"
	render "$work/$file.ans" "$file" "$lh"
	if [[ -n ${SHOTS_KEEP:-} ]]; then cp "$work/$file.ans" "$work/$file.svg" "$out/"; fi
	log "wrote $out/$file.png ($(($(wc -c <"$out/$file.png") / 1024)) KB)"
}

# press_until NAME KEY TEXT: press KEY, a second apart, until the screen
# shows TEXT (8 presses at most), then wait for it as wait_for does.
press_until() {
	local name=$1 k=$2 t=$3 i
	for ((i = 0; i < 8; i++)); do
		[[ $(screen "$name") == *"$t"* ]] && return 0
		keys "$name" "$k"
		sleep 0.8
	done
	wait_for "$name" "$t"
}

# shot NAME FILE: capture the screen with its colours and render FILE.png.
# Line height 1.0, as the terminal draws it: the box-drawing rules join up,
# the QR code's half blocks touch (so it scans), and underscores still show
# (checked by eye on token.png: access_token, grant_type). freeze v0.2.2
# draws no bold and drops underline once a colour follows it, so the current
# step shows by its brackets alone; colours come through exactly (true
# colour). SHOTS_LH sets another line height for every shot.
shot() {
	snap "$1" "$2" "${SHOTS_LH:-1.0}"
	tm kill-session -t "$1"
}

# --- the screens -------------------------------------------------------------

# Each screen waits for text that only the finished screen shows. These are
# the texts the UI draws today: if the UI changes them, change them here.

# steps_1_to_3 NAME: enter at steps 1, 2 and 3, each when the last is done.
steps_1_to_3() {
	wait_for "$1" "[1 Discover ○]"
	keys "$1" Enter
	wait_for "$1" "1 Discover ✓" "[2 Client"
	keys "$1" Enter
	wait_for "$1" "2 Client ✓" "[3 Token"
	keys "$1" Enter
	wait_for "$1" "3 Token ✓" "[4 Call" "3 jwks"
}

discovery() { # step 1 done: the metadata found and checked
	start discovery 120 40
	wait_for discovery "[1 Discover ○]"
	keys discovery Enter
	wait_for discovery "1 Discover ✓" "[2 Client"
	keys discovery 1
	wait_for discovery "[1 Discover ✓]" "Discovered via"
	shot discovery discovery
}

token() { # step 3 done: the token, its claims, the signature and the countdown
	start token 120 40
	steps_1_to_3 token
	keys token 3
	# a second or two later, so the countdown has visibly started
	wait_for token "[3 Token ✓]" "expires in 59:5" "Claims" "Checks"
	shot token token
}

exchange() { # the token request and answer, full screen (r), secrets masked
	start exchange 120 40
	steps_1_to_3 exchange
	keys exchange 3
	wait_for exchange "[3 Token ✓]" "Exchange 2/3"
	keys exchange r
	wait_for exchange "▸ Exchange 2/3" '"token_type"'
	shot exchange exchange
}

failure() { # the demo server takes only client_secret_post: step 2 warns, step 3 fails
	"$work/oauthlens" demo --faults | grep -q "^post-only" ||
		die "oauthlens demo has no post-only fault"
	start error 120 40 --fault post-only
	wait_for error "[1 Discover ○]"
	keys error a
	wait_for error "[2 Client !]" "step 2 passed with a warning" "[press !]"
	snap error warning
	keys error Enter
	wait_for error "3 Token ✗" "press !"
	shot error error
}

summary() { # the end of a run with a warning: the summary after the step bar
	start summary 120 40 --fault clock-skew
	wait_for summary "[1 Discover ○]"
	keys summary a
	wait_for summary "[3 Token !]" "passed with a warning"
	keys summary Enter
	wait_for summary "4 Call ✓" "4/4" "1 warning"
	keys summary n
	wait_for summary "[3 Token !]" "n goes to the next warning"
	shot summary summary
}

faults() { # the demo server's fault list (f), two faults on
	start faults 100 30
	wait_for faults "[1 Discover ○]"
	keys faults f
	wait_for faults "Demo server faults"
	keys faults Down Down Space Down Down Down Down Down Down Down Down Space
	wait_for faults "[x] post-only" "[x] rate-limit"
	shot faults faults
}

# walk_gif: the walk at 100×30 from the first frame to the token's ticking
# countdown, as frames captured from tmux every half second, assembled into
# walk.gif with ffmpeg (a palette made from the frames themselves).
walk_gif() {
	command -v ffmpeg >/dev/null || apt_install ffmpeg
	start gif 100 30
	wait_for gif "[1 Discover ○]"
	local frames=$work/frames i=0
	mkdir -p "$frames"
	frame() { capture gif "$(printf '%s/%03d.ans' "$frames" "$i")"; i=$((i + 1)); sleep 0.5; }
	frame
	frame
	keys gif Enter
	frame
	frame
	keys gif Enter
	frame
	keys gif Enter
	frame
	frame
	keys gif Enter
	frame
	frame
	keys gif 3
	local n
	for ((n = 0; n < 12; n++)); do frame; done
	tm kill-session -t gif
	local f
	for f in "$frames"/*.ans; do
		render "$f" "frame-$(basename "$f" .ans)"
	done
	ffmpeg -loglevel error -y -framerate 2 -i "$out/frame-%03d.png" \
		-vf "split[a][b];[a]palettegen=max_colors=128[p];[b][p]paletteuse=dither=none" "$out/walk.gif"
	rm -f "$out"/frame-*.png
	log "wrote $out/walk.gif ($(($(wc -c <"$out/walk.gif") / 1024)) KB, $i frames)"
}

small() { # an 80x24 terminal after run all (a)
	start small 80 24
	wait_for small "[1 Discover ○]"
	keys small a
	wait_for small "[4 Call ✓]" "200 OK"
	shot small small
}

device() { # the device flow waiting for approval: the user code large, the QR code, the countdown
	start device 120 48
	wait_for device "[1 Discover ○]"
	keys device Enter
	wait_for device "1 Discover ✓" "[2 Client"
	keys device Enter
	wait_for device "2 Client ✓" "[3 Token"
	keys device t t
	wait_for device "Grant: device authorization"
	keys device Enter
	wait_for device "On another device, open" "device authorization (RFC 8628)" "authorization_pending"
	shot device device
}

idtoken() { # the authorization code flow approved with o: the redirect and ID token checks
	start idtoken 120 60
	wait_for idtoken "[1 Discover ○]"
	keys idtoken Enter
	wait_for idtoken "1 Discover ✓" "[2 Client"
	keys idtoken Enter
	wait_for idtoken "2 Client ✓" "[3 Token"
	keys idtoken t Tab End
	tm send-keys -t idtoken -l " openid"
	keys idtoken Escape Enter
	wait_for idtoken "waiting for the redirect"
	keys idtoken o
	wait_for idtoken "[4 Call"
	keys idtoken 3 G
	wait_for idtoken "ID token (OIDC Core" "userinfo sub"
	shot idtoken idtoken
}

presenter() { # presenter mode at 100x30: a failure, its fix (!), the call; the sequence diagram
	start presenter 100 30 --present --fault post-only
	wait_for presenter "[1 Discover ○]" "PRESENTER"
	keys presenter a # presenter mode stops after each step that passed: enter goes on
	press_until presenter Enter "3 Token ✗"
	wait_for presenter "press !"
	keys presenter '!'
	press_until presenter Enter "3 Token ✓"
	keys presenter 4
	press_until presenter Enter "[4 Call ✓]"
	wait_for presenter "200 OK" "token ✓ expires in"
	shot presenter presenter
}

newapi() { # the picker's New API… form at 100x30, filled in for the demo server, as a person types it
	start newapi 100 30
	wait_for newapi "[1 Discover ○]"
	keys newapi p
	wait_for newapi "New API…" "choose a profile"
	keys newapi g Enter
	wait_for newapi "Issuer or token URL"
	tm send-keys -t newapi -l "demo-api"
	keys newapi Tab
	tm send-keys -t newapi -l "http://$addr"
	keys newapi Tab
	tm send-keys -t newapi -l "demo-client"
	keys newapi Tab
	tm send-keys -t newapi -l "env:DEMO_SECRET"
	keys newapi Tab Tab Tab
	wait_for newapi "[ ] api:read"
	keys newapi Space Tab
	tm send-keys -t newapi -l "http://$addr/api/me"
	keys newapi Tab Tab Tab
	tm send-keys -t newapi -l "API_KEY"
	wait_for newapi "[x] api:read" "API_KEY"
	shot newapi newapi
}

resend() { # edit and resend: the failed token request with one scope less, sent again, beside the original
	start resend 120 40 --fault unknown-scope
	wait_for resend "[1 Discover ○]"
	keys resend a
	wait_for resend "3 Token ✗"
	keys resend E
	wait_for resend "Edit and resend" "scope=api:read api:write"
	keys resend Down Down Down Down Down Down End
	local i
	for ((i = 0; i < 10; i++)); do tm send-keys -t resend BSpace; done
	wait_for resend "▸   scope=api:read"
	snap resend resend-edit
	keys resend Enter
	wait_for resend "compare two exchanges" "the resend succeeded"
	shot resend resend
}

main() {
	local t0=$SECONDS
	ensure_tools
	work=$(mktemp -d)
	mkdir -p "$work/config" "$out"
	local src=$repo
	if [[ -n ${SHOTS_REV:-} ]]; then
		# A committed revision, e.g. while the work tree is half edited.
		src=$work/src
		mkdir -p "$src"
		git -C "$repo" archive "$SHOTS_REV" | tar -x -C "$src"
	fi
	log "building oauthlens${SHOTS_REV:+ at $SHOTS_REV}"
	(cd "$src" && go build -o "$work/oauthlens" . && go build -o "$work/ansilines" ./screenshots/ansilines)
	log "freeze: $("$freeze" --version) · $(rsvg-convert --version) · $(tmux -V)"
	start_tmux
	local s
	for s in ${SHOTS_ONLY:-discovery token exchange failure summary faults newapi resend small presenter device idtoken walk_gif}; do
		"$s"
	done
	log "done in $((SECONDS - t0))s"
}

main "$@"
