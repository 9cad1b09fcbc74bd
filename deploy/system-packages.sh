#!/usr/bin/env sh
# The system packages the embedded composer uses (Debian/Ubuntu main): Festival and its US English HTS
# voice (festvox-us-slt-hts; licence: any purpose, keep the notice) for the singing voice; FluidSynth
# and the FluidR3 General MIDI SoundFont (fluid-soundfont-gm; MIT) for the instruments. Installs what
# is missing with apt-get (sudo when not root). Where that is impossible, says so once and carries
# on: without Festival songs are instrumentals (`vocals: none`, with this reason); without FluidSynth
# the instruments are the built-in numpy synths (`instruments: synth`). g++ builds pyworld (the voice's
# pitch correction), which PyPI has as source only.
PACKAGES="festival festvox-us-slt-hts fluidsynth fluid-soundfont-gm g++"
missing=""
for p in $PACKAGES; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "WARNING: no apt-get here; install$missing yourself for sung songs and SoundFont instruments" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "WARNING: to sing, run: sudo apt-get install -y$missing (until then: no voice, synth instruments)" >&2
    exit 0
  fi
fi
echo "installing$missing (apt-get)"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 \
       || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null; }; }; then
  echo "WARNING: apt-get could not install$missing; songs fall back to instrumentals / synths until it is installed" >&2
fi
exit 0
