#!/usr/bin/env python3
"""Checks that each Grafana dashboard JSON loads and has what Grafana's provisioning needs: a uid and title, panels
with a type, title and gridPos, and every query panel with a Prometheus target naming the provisioned datasource uid.
Usage: check-dashboard.py DATASOURCES_YAML DASHBOARD.json..."""
import json
import re
import sys


def main(datasources, dashboards):
    uids = set(re.findall(r"^\s*uid:\s*(\S+)", open(datasources, encoding="utf-8").read(), re.M))
    problems = []
    for path in dashboards:
        with open(path, encoding="utf-8") as f:
            board = json.load(f)  # fails loudly on invalid JSON
        for key in ("uid", "title", "panels", "schemaVersion"):
            if key not in board:
                problems.append(f"{path}: no '{key}'")
        for i, panel in enumerate(board.get("panels", [])):
            where = f"{path}: panel {i} ({panel.get('title', '?')})"
            for key in ("type", "title", "gridPos"):
                if key not in panel:
                    problems.append(f"{where}: no '{key}'")
            if panel.get("type") == "row":
                continue
            ds = (panel.get("datasource") or {}).get("uid")
            if ds not in uids:
                problems.append(f"{where}: datasource uid {ds!r} is not provisioned ({sorted(uids)})")
            targets = panel.get("targets") or []
            if not targets or any(not t.get("expr", "").strip() for t in targets):
                problems.append(f"{where}: a target without a PromQL expr")
        print(f"{path}: {len(board.get('panels', []))} panels")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
