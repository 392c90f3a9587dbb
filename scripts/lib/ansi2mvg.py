#!/usr/bin/env python3
"""Turn a terminal capture with SGR colour codes (tmux capture-pane -e) into an ImageMagick MVG drawing.

Usage: ansi2mvg.py COLUMNS ROWS < capture > drawing.mvg
Each cell is drawn at its column, so wide fonts and runs never drift; colours are the xterm defaults.
"""
import re
import sys

CELL_W, CELL_H, PAD, POINT = 9, 18, 10, 14.5
BASE = ["#1d1f21", "#cc6666", "#b5bd68", "#f0c674", "#81a2be", "#b294bb", "#8abeb7", "#c5c8c6",
        "#666666", "#d54e53", "#b9ca4a", "#e7c547", "#7aa6da", "#c397d8", "#70c0b1", "#eaeaea"]
FG, BG = "#d8dadb", "#1d1f21"


def xterm256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


def cells(lines, columns):
    style = {"fg": None, "bg": None, "bold": False, "dim": False, "rev": False}
    rows = []
    for line in lines:
        row = []
        for token in re.split(r"(\x1b\[[0-9;]*m)", line):
            if token.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in token[2:-1].split(";")]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0: style = {"fg": None, "bg": None, "bold": False, "dim": False, "rev": False}
                    elif c == 1: style["bold"] = True
                    elif c == 2: style["dim"] = True
                    elif c == 7: style["rev"] = True
                    elif c == 22: style["bold"] = style["dim"] = False
                    elif c == 27: style["rev"] = False
                    elif 30 <= c <= 37: style["fg"] = BASE[c - 30]
                    elif 90 <= c <= 97: style["fg"] = BASE[c - 90 + 8]
                    elif c == 39: style["fg"] = None
                    elif 40 <= c <= 47: style["bg"] = BASE[c - 40]
                    elif 100 <= c <= 107: style["bg"] = BASE[c - 100 + 8]
                    elif c == 49: style["bg"] = None
                    elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                        style["fg" if c == 38 else "bg"] = xterm256(codes[i + 2])
                        i += 2
                    i += 1
                continue
            for ch in token:
                row.append((ch, dict(style)))
        rows.append(row[:columns])
    return rows


def quote(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def main():
    columns, rows_wanted = int(sys.argv[1]), int(sys.argv[2])
    lines = sys.stdin.read().split("\n")[:rows_wanted]
    out = [f"viewbox 0 0 {columns * CELL_W + 2 * PAD} {rows_wanted * CELL_H + 2 * PAD}",
           f"fill '{BG}' rectangle 0,0 {columns * CELL_W + 2 * PAD},{rows_wanted * CELL_H + 2 * PAD}",
           f"font-size {POINT}"]
    for y, row in enumerate(cells(lines, columns)):
        for x, (ch, s) in enumerate(row):
            fg, bg = s["fg"] or FG, s["bg"] or BG
            if s["rev"]:
                fg, bg = bg, fg
            if s["dim"]:
                fg = "#8a8d8f"
            left, top = PAD + x * CELL_W, PAD + y * CELL_H
            if bg != BG:
                out.append(f"fill '{bg}' rectangle {left},{top} {left + CELL_W - 1},{top + CELL_H - 1}")
            if ch != " ":
                font = "DejaVu-Sans-Mono-Bold" if s["bold"] else "DejaVu-Sans-Mono"
                out.append(f"fill '{fg}' font '{font}' text {left},{top + CELL_H - 5} {quote(ch)}")
    print("\n".join(out))


main()
