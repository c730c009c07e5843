#!/usr/bin/env python3
"""Draw the benchmarks' results as SVG bar charts and Markdown tables (standard library only).

Reads the JSON that `BENCH_JSON=FILE bench/servers.sh` and `bench/compare.py --json FILE` write,
and for each file writes <stem>.svg (next to it, or in --out DIR) and prints a Markdown table of
the figures with the targets met or not (or writes the tables to --markdown FILE):

- servers: requests/s and CPU time per request of each server on an adopted socket and binding
  the port itself (one warm JVM serving both), with the req/s ratio adopted / self-bound (target >= 0.98)
  and the CPU ratio self-bound / adopted (> 1: adopted is cheaper).
- compare: keep-alive req/s, `Connection: close` req/s, bulk MiB/s and RSS of each forwarder,
  with the ratio to no proxy; targets for proxy-app: keep-alive >= nginx stream, close >= the
  best anchor (of the two forwarders proxy-app succeeds, launch_socket_server runs on macOS only:
  systemd-socket-proxyd), bulk >= systemd-socket-proxyd, RSS <= 96 MiB.

usage: bench/chart.py [--out DIR] [--markdown FILE] RESULTS.json...
"""
import argparse, json, os, sys
from xml.sax.saxutils import escape

SERVERS_TARGET = 0.98
RSS_TARGET_MIB = 96
PROXY = "proxy-app"
PROXY_ACTUATOR_ASKED = "proxy-app, Actuator asked"
# the forwarders proxy-app succeeds that run here: launch_socket_server needs launchd (macOS)
ANCHORS = ["systemd-socket-proxyd"]

WIDTH = 760
BAR = 16
GAP = 6
FONT = 12
CHAR = 7  # approximate width of a character at FONT, for layout
HIGHLIGHT, OTHER, BASELINE, TARGET = "#2f6fb0", "#a3adb8", "#5b6770", "#c0392b"
MET, NOT_MET = "#1e8449", "#c0392b"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", metavar="RESULTS.json")
    parser.add_argument("--out", metavar="DIR", help="directory of the SVG files (default: next to each results file)")
    parser.add_argument("--markdown", metavar="FILE", help="write the Markdown tables to FILE instead of printing them")
    args = parser.parse_args()
    sections = []
    for path in args.results:
        try:
            with open(path) as f:
                document = json.load(f)
        except (OSError, ValueError) as ex:
            sys.exit(f"chart: {path}: {ex}")
        kind = document.get("benchmark") if isinstance(document, dict) else None
        if kind not in DRAW:
            sys.exit(f"chart: {path} is not the output of bench/servers.sh (BENCH_JSON) or bench/compare.py --json "
                     f"(its \"benchmark\" is {kind!r}, not one of {sorted(DRAW)})")
        try:
            svg, markdown = DRAW[kind](document)
        except ResultsError as ex:
            sys.exit(f"chart: {path}: {ex}")
        directory = args.out or os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        svg_path = os.path.join(directory, os.path.splitext(os.path.basename(path))[0] + ".svg")
        with open(svg_path, "w") as f:
            f.write(svg)
        print(f"chart: {svg_path}", file=sys.stderr)
        sections.append(markdown)
    text = "\n".join(sections)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    else:
        print(text, end="")


# --- servers.sh -------------------------------------------------------------------------------

def servers(document):
    rows = document["servers"]
    if document.get("method") != "one-jvm" or any("runs" not in row for row in rows):
        raise ResultsError("written by an earlier bench/servers.sh (a JVM per side, not one JVM serving both the "
                           "adopted socket and the port it binds): measure again with BENCH_JSON=FILE bench/servers.sh")
    p = document.get("parameters", {})
    subtitle = (f"{p.get('repetitions', '?')} warm JVM(s) serving both x {p.get('windows', '?')} windows of "
                f"{p.get('seconds', '?')} s, wrk -t2 -c{p.get('connections', '?')}; ratios: median of the JVMs; "
                f"{document.get('date', '')}")
    throughput = {"title": "requests/s: adopted socket vs the server binding the port itself",
                  "note": f"ratio adopted / self-bound, target >= {SERVERS_TARGET}", "bars": [], "target": None}
    cpu = {"title": "server CPU time per request, us (lower is better)", "format": "{:,.1f}",
           "note": "ratio self-bound / adopted: > 1 means adopted is cheaper", "bars": [], "target": None}
    for row in rows:
        ratio, cpu_ratio = row.get("ratio"), row.get("cpu_ratio")
        throughput["bars"].append({"label": f"{row['name']} adopted", "value": row.get("adopted"), "color": HIGHLIGHT,
                                   "extra": f"{number(ratio, '{:.3f}')}x",
                                   "extra_color": MET if compared(ratio, SERVERS_TARGET) else NOT_MET,
                                   "more": f"(CPU/request {number(cpu_ratio, '{:.3f}')}x)"})
        throughput["bars"].append({"label": f"{row['name']} self-bound", "value": row.get("bound"), "color": OTHER})
        throughput["bars"].append(None)  # space between servers
        cpu["bars"].append({"label": f"{row['name']} adopted", "value": row.get("adopted_cpu_us"), "color": HIGHLIGHT,
                            "extra": f"{number(cpu_ratio, '{:.3f}')}x"})
        cpu["bars"].append({"label": f"{row['name']} self-bound", "value": row.get("bound_cpu_us"), "color": OTHER})
        cpu["bars"].append(None)
    svg = draw("Socket activation vs self-bound, per server", subtitle, [throughput, cpu], value_format="{:,.0f}")
    lines = ["### Servers: adopted socket vs self-bound", "",
             f"{subtitle}; load average before / after: {p.get('load_average', '?')}", "",
             "| server | adopted req/s | self-bound req/s | req/s ratio (adopted / self-bound) | target >= 0.98 "
             "| adopted us/req | self-bound us/req | CPU ratio (self-bound / adopted) | JVMs' req/s ratios "
             "| JVMs' CPU ratios |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        ratio = row.get("ratio")
        runs = row["runs"]
        lines.append(f"| {row['name']} | {number(row.get('adopted'), '{:,.0f}')} | {number(row.get('bound'), '{:,.0f}')} "
                     f"| {number(ratio, '{:.3f}')} | {verdict(compared(ratio, SERVERS_TARGET))} "
                     f"| {number(row.get('adopted_cpu_us'), '{:,.1f}')} | {number(row.get('bound_cpu_us'), '{:,.1f}')} "
                     f"| {number(row.get('cpu_ratio'), '{:.3f}')} "
                     f"| {', '.join(number(run.get('ratio'), '{:.3f}') for run in runs)} "
                     f"| {', '.join(number(run.get('cpu_ratio'), '{:.3f}') for run in runs)} |")
    return svg, "\n".join(lines) + "\n"


class ResultsError(Exception):
    """A results file that this script cannot draw, with what to do about it."""


# --- compare.py -------------------------------------------------------------------------------

METRICS = [  # key, title, format, higher is better
    ("keep-alive", "keep-alive req/s", "{:,.0f}", True),
    ("close", "Connection: close req/s", "{:,.0f}", True),
    ("bulk", "bulk MiB/s (16 MiB file)", "{:,.0f}", True),
    ("rss", "RSS MiB after the run (lower is better)", "{:,.1f}", False),
]


def compare(document):
    rows = document["forwarders"]
    by_name = {row["name"]: row for row in rows}
    baseline = by_name.get(document.get("baseline", "no proxy"), {})
    p = document.get("parameters", {})
    warmup = f", after {p['warmup']} s of each load" if "warmup" in p else ""
    subtitle = (f"wrk -t2 -c{p.get('connections', '?')}, {p.get('seconds', '?')} s, median of "
                f"{p.get('repetitions', '?')}{warmup}; ratios to no proxy; load average {p.get('load_average', '?')}; "
                f"{document.get('date', '')}")
    targets = compare_targets(by_name)
    panels = []
    for key, title, fmt, higher in METRICS:
        bars = []
        for row in rows:
            name = row["name"]
            ratio = ratio_of(row.get(key), baseline.get(key)) if higher else None
            bars.append({"label": name, "value": row.get(key),
                         "color": HIGHLIGHT if name == PROXY else BASELINE if row is baseline else OTHER,
                         "extra": f"{ratio:.2f}x" if ratio is not None and row is not baseline else ""})
        target = targets.get(key)
        panels.append({"title": title, "bars": bars, "format": fmt,
                       "target": (target["value"], target["label"]) if target and target["value"] is not None else None})
    svg = draw("TCP -> Unix socket forwarders", subtitle, panels)
    lines = ["### Forwarders: proxy-app and the others", "", subtitle, "",
             "| forwarder | keep-alive req/s | close req/s | bulk MiB/s | p50 / p99 ms | RSS MiB | CPU us/req "
             "| CPU us/conn (close) |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        cells = [f"{number(row.get(k), '{:,.0f}')} ({number(ratio_of(row.get(k), baseline.get(k)), '{:.2f}')})"
                 for k in ("keep-alive", "close", "bulk")]
        lines.append(f"| {row['name']} | {' | '.join(cells)} | {number(row.get('p50'), '{:.2f}')} / "
                     f"{number(row.get('p99'), '{:.1f}')} | {number(row.get('rss'), '{:.1f}')} | "
                     f"{number(row.get('cpu'), '{:.1f}')} | {number(row.get('cpu-close'), '{:.1f}')} |")
    lines += ["", "| target for proxy-app | proxy-app | reference | met |", "|---|---|---|---|"]
    for key, _, fmt, _ in METRICS:
        t = targets[key]
        reference = t["label"] if key == "rss" else f"{t['label']}: {number(t['value'], fmt)}"
        lines.append(f"| {t['text']} | {number(t['proxy'], fmt)} | {reference} | "
                     f"{verdict(t['met'])} |")
    asked = next((row.get("rss") for row in rows if row["name"] == PROXY_ACTUATOR_ASKED), None)
    if asked is not None:
        # Actuator starts on demand: the shipped proxy's RSS once something has asked it
        lines.append(f"| RSS <= {RSS_TARGET_MIB} MiB, Actuator asked | {asked:.1f} | {RSS_TARGET_MIB} MiB | "
                     f"{verdict(compared(RSS_TARGET_MIB, asked))} |")
    return svg, "\n".join(lines) + "\n"


def compare_targets(by_name):
    proxy = by_name.get(PROXY, {})

    def at_least(key, reference, text):
        value = by_name.get(reference, {}).get(key)
        mine = proxy.get(key)
        return {"value": value, "label": reference, "text": text, "proxy": mine, "met": compared(mine, value)}

    anchors = [(by_name[a]["close"], a) for a in ANCHORS if by_name.get(a, {}).get("close") is not None]
    best_close, best = max(anchors) if anchors else (None, "best anchor")
    rss = proxy.get("rss")
    return {
        "keep-alive": at_least("keep-alive", "nginx stream", "keep-alive >= nginx stream"),
        "close": {"value": best_close, "label": best, "text": "close >= the best anchor", "proxy": proxy.get("close"),
                  "met": compared(proxy.get("close"), best_close)},
        "bulk": at_least("bulk", "systemd-socket-proxyd", "bulk >= systemd-socket-proxyd"),
        "rss": {"value": RSS_TARGET_MIB, "label": f"{RSS_TARGET_MIB} MiB", "text": f"RSS <= {RSS_TARGET_MIB} MiB", "proxy": rss,
                "met": compared(RSS_TARGET_MIB, rss)},
    }


DRAW = {"servers": servers, "compare": compare}


# --- SVG --------------------------------------------------------------------------------------

def draw(title, subtitle, panels, value_format="{:,.0f}"):
    """Horizontal bars, one panel per metric: label, bar scaled to the panel's largest value (or
    target), the value, and an extra text (a ratio) after it; a dashed line marks a target."""
    labels = [bar["label"] for panel in panels for bar in panel["bars"] if bar]
    label_width = max(len(label) for label in labels) * CHAR + 12
    value_width = max([16] + [value_chars(bar, panel.get("format", value_format)) for panel in panels
                              for bar in panel["bars"] if bar]) * CHAR
    area = WIDTH - label_width - value_width - 20
    out = []
    y = 28
    out.append(text(10, y, title, size=FONT + 4, weight="bold"))
    y += 18
    out.append(text(10, y, subtitle, size=FONT - 1, color="#555"))
    y += 14
    for panel in panels:
        fmt = panel.get("format", value_format)
        values = [bar["value"] for bar in panel["bars"] if bar and isinstance(bar.get("value"), (int, float))]
        target = panel.get("target")
        largest = max(values + ([target[0]] if target else []) + [1e-9])
        y += 22
        out.append(text(10, y, panel["title"], size=FONT + 1, weight="bold"))
        if panel.get("note"):
            out.append(text(WIDTH - 10, y, panel["note"], size=FONT - 1, color="#555", anchor="end"))
        y += 8
        top = y
        for bar in panel["bars"]:
            if bar is None:
                y += GAP
                continue
            value = bar.get("value")
            out.append(text(label_width - 8, y + BAR - 4, bar["label"], anchor="end"))
            if isinstance(value, (int, float)):
                width = max(1.0, area * value / largest)
                out.append(f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{bar["color"]}"/>')
                label = fmt.format(value)
                if bar.get("extra"):
                    out.append(text(label_width + width + 6, y + BAR - 4, label))
                    x = label_width + width + 10 + len(label) * CHAR
                    out.append(text(x, y + BAR - 4, bar["extra"], weight="bold", color=bar.get("extra_color", "#222")))
                    if bar.get("more"):
                        out.append(text(x + 8 + len(bar["extra"]) * CHAR, y + BAR - 4, bar["more"], color="#555"))
                else:
                    out.append(text(label_width + width + 6, y + BAR - 4, label))
            else:
                out.append(text(label_width + 6, y + BAR - 4, "no result", color=NOT_MET))
            y += BAR + GAP
        if target:
            x = label_width + area * target[0] / largest
            out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{y - GAP + 4}" stroke="{TARGET}" '
                       f'stroke-width="1.5" stroke-dasharray="4 3"/>')
            out.append(text(x, top - 6, f"target: {target[1]}", size=FONT - 2, color=TARGET, anchor="middle"))
    height = y + 16
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family="Helvetica, Arial, sans-serif" font-size="{FONT}">\n'
            f'<rect width="{WIDTH}" height="{height}" fill="white"/>\n' + "\n".join(out) + "\n</svg>\n")


def value_chars(bar, fmt):
    """The width in characters of what follows a bar: its value, its extra and more texts."""
    value = bar.get("value")
    chars = len(fmt.format(value)) if isinstance(value, (int, float)) else len("no result")
    return chars + sum(len(bar[key]) + 1 for key in ("extra", "more") if bar.get(key)) + 2


def text(x, y, content, size=FONT, weight="normal", color="#222", anchor="start"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" fill="{color}" '
            f'text-anchor="{anchor}">{escape(str(content))}</text>')


# --- numbers ----------------------------------------------------------------------------------

def ratio_of(value, base):
    if not isinstance(value, (int, float)) or not isinstance(base, (int, float)) or base == 0:
        return None
    return value / base


def number(value, fmt):
    return fmt.format(value) if isinstance(value, (int, float)) else "–"


def compared(value, limit):
    """Whether value >= limit; None when either is missing."""
    if not isinstance(value, (int, float)) or not isinstance(limit, (int, float)):
        return None
    return value >= limit


def verdict(met):
    return "no result" if met is None else "met" if met else "**not met**"


if __name__ == "__main__":
    main()
