# Installs what kith needs from Debian's packages, once. Sourced by the scripts here.

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing ${missing[*]} from Debian's packages..." >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

# What building kith needs besides the Swift toolchain.
install_build_deps() {
    apt_install tzdata libcurl4-openssl-dev ca-certificates libpq-dev pkg-config
}

# A real SMTP server for loopback use (aiosmtpd), and openssl for its throwaway certificate.
install_smtp_server() {
    apt_install openssl
    if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
        echo "Installing aiosmtpd from PyPI..." >&2
        python3 -m pip install --quiet --disable-pip-version-check aiosmtpd >&2 \
            || apt_install python3-aiosmtpd
    fi
}

# What the tests need on top of the build: the SMTP server, a real IMAP server (Dovecot, which
# the tests start from a config of their own), systemd-analyze for the units, man, nm and
# strip for what scripts/install puts in place, lintian for the package scripts/package builds,
# a headless Chromium that renders the HTML digest, and PostgreSQL for team mode (the tests start
# a throwaway cluster of their own with initdb and pg_ctl).
install_test_deps() {
    install_build_deps
    install_smtp_server
    apt_install systemd dovecot-imapd man-db binutils lintian chromium-headless-shell postgresql
}
