#!/usr/bin/python3
"""Copies the NuGet packages that the given projects restored (their obj/project.assets.json)
from the host's global packages folder into DEST as a hierarchical feed (id/version/*.nupkg),
so that `dotnet restore --source DEST` works inside an image build that reaches no registry.

Usage: offline-feed.py DEST PROJECT_DIR...
"""
import json
import os
import shutil
import sys


def main() -> int:
    dest, projects = sys.argv[1], sys.argv[2:]
    wanted: dict[str, str] = {}  # "id/version" (lower case) -> packages folder it came from
    for project in projects:
        assets_path = os.path.join(project, "obj", "project.assets.json")
        with open(assets_path, encoding="utf-8-sig") as f:
            assets = json.load(f)
        folders = list(assets.get("packageFolders", {}))
        for name, library in assets.get("libraries", {}).items():
            if library.get("type") != "package":
                continue
            path = library["path"]
            source = next((d for d in folders if os.path.isdir(os.path.join(d, path))), None)
            if source is None:
                print(f"offline-feed: {name} not found in {folders}", file=sys.stderr)
                return 1
            wanted[path] = source

    kept = set()
    for path, source in sorted(wanted.items()):
        package_id, version = path.split("/")
        target = os.path.join(dest, package_id, version)
        os.makedirs(target, exist_ok=True)
        # A feed needs only the package, its hash and its manifest, not the extracted files.
        for file in (f"{package_id}.{version}.nupkg", f"{package_id}.{version}.nupkg.sha512", f"{package_id}.nuspec"):
            src = os.path.join(source, path, file)
            dst = os.path.join(target, file)
            if not os.path.exists(src):
                print(f"offline-feed: missing {src}", file=sys.stderr)
                return 1
            if not os.path.exists(dst) or os.path.getsize(dst) != os.path.getsize(src):
                shutil.copy2(src, dst)
        kept.add(package_id + "/" + version)

    # Drop packages no longer restored, so the feed does not grow stale between runs.
    for package_id in os.listdir(dest):
        package_dir = os.path.join(dest, package_id)
        if not os.path.isdir(package_dir):
            continue
        for version in os.listdir(package_dir):
            if f"{package_id}/{version}" not in kept:
                shutil.rmtree(os.path.join(package_dir, version))
        if not os.listdir(package_dir):
            os.rmdir(package_dir)
    print(f"offline-feed: {len(kept)} packages in {dest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
