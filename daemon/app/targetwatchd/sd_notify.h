// The systemd notification protocol (sd_notify) over $NOTIFY_SOCKET, without libsystemd.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace targetwatch::daemon {

/// Sends `state` ("READY=1", "STOPPING=1", ...) to $NOTIFY_SOCKET (a path, or "@name" for the
/// abstract namespace). Returns false when the variable is unset or sending failed; never throws.
bool sd_notify(std::string_view state);

/// "RELOADING=1\nMONOTONIC_USEC=<now>" as systemd 253+ expects for Type=notify-reload and
/// tolerates for Type=notify.
bool sd_notify_reloading();

/// Half of $WATCHDOG_USEC when the watchdog is enabled for this process ($WATCHDOG_PID unset or
/// ours): how often to send WATCHDOG=1.
std::optional<std::chrono::microseconds> watchdog_ping_interval();

}  // namespace targetwatch::daemon
