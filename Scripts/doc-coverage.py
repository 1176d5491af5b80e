#!/usr/bin/env python3
"""Counts the public declarations of each library module with and without a doc comment.

    Scripts/doc-coverage.py                  every library module (the targets of the library
                                             products), building its symbol graph first
    Scripts/doc-coverage.py --no-build       reuse the symbol graphs of the last documentation build
    Scripts/doc-coverage.py --list Sightline also name each undocumented declaration and its file

The figures come from the symbol graphs that `swift package generate-documentation` extracts
(each symbol there carries its `docComment`), so they count what DocC sees. Counted: every
public declaration written in the module's sources. Not counted: what the compiler synthesizes
(`!=`, default protocol implementations), which has no source of its own. "Inherited" is a
declaration without a comment of its own that DocC shows with its protocol's comment
(`description`, `init(stringLiteral:)`); it is listed apart and counts as undocumented.
"No parameter docs" counts the documented functions that take parameters and whose comment has
no `- Parameter` entry (DocC itself warns only about a parameter list that is incomplete).
"""
import argparse
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def library_modules():
    """The targets of the package's library products, in Package.swift's order."""
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, check=True,
                                        capture_output=True, text=True).stdout)
    targets = [target for product in package["products"] if "library" in product["type"]
               for target in product["targets"]]
    return list(dict.fromkeys(targets))


def symbol_graph_folder(module):
    folders = glob.glob(os.path.join(ROOT, ".build", "*", "extracted-symbols", "*", module))
    return max(folders, key=os.path.getmtime) if folders else None


def extract(module):
    # The plugin builds the module and extracts its public symbol graph on the way.
    subprocess.run(
        ["swift", "package", "generate-documentation", "--target", module],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def declarations(module):
    """(path, file, line, has own comment, has inherited comment) of each declaration."""
    folder = symbol_graph_folder(module)
    if folder is None:
        return None
    sources = os.path.join(ROOT, "Sources", "")
    found = {}
    # <module>.symbols.json, plus <module>@<Other>.symbols.json for extensions of other modules' types.
    for path in glob.glob(os.path.join(folder, "*.symbols.json")):
        with open(path) as file:
            graph = json.load(file)
        for symbol in graph["symbols"]:
            if symbol["kind"]["identifier"] == "swift.extension":
                continue  # an extension block, not a declaration
            location = symbol.get("location", {}).get("uri", "").removeprefix("file://")
            if not location.startswith(sources):
                continue  # synthesized by the compiler
            comment = symbol.get("docComment")
            line = symbol["location"]["position"]["line"] + 1
            # A comment of its own sits in the same file, just above (attributes may come between);
            # an inherited one is the protocol requirement's, elsewhere.
            own = comment is not None and comment.get("module", module) == module \
                and comment.get("uri", "file://" + location).removeprefix("file://") == location \
                and 0 < line - (comment["lines"][-1]["range"]["end"]["line"] + 1) <= 4
            title = ".".join(symbol["pathComponents"])
            # A function's parameters are documented when its comment has a `- Parameter` entry.
            parameters = symbol.get("functionSignature", {}).get("parameters", [])
            comment_text = "\n".join(line["text"] for line in comment["lines"]) if comment else ""
            # Not asked of operators, literal initializers and `hash(into:)`, whose parameters the
            # protocol fixes, nor of a comment that sends the reader to the requirement (`See ``…```).
            fixed = symbol["kind"]["identifier"] == "swift.func.op" or title.endswith(("Literal:)", "hash(into:)"))
            lacks_parameters = own and bool(parameters) and not fixed and "- Parameter" not in comment_text \
                and not comment_text.startswith("See ``")
            # Keyed by place: a default implementation shows up once more under each conforming type.
            position = symbol["location"]["position"]
            found[(location, position["line"], position["character"])] = (
                title, os.path.relpath(location, ROOT), line, own, comment is not None and not own,
                lacks_parameters)
    return list(found.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="use the symbol graphs already in .build")
    parser.add_argument("--list", nargs="*", metavar="MODULE", help="name the undocumented declarations")
    parser.add_argument("modules", nargs="*", help="the modules to count; every library module by default")
    options = parser.parse_args()
    options.modules = options.modules or library_modules()

    print(f"{'module':<20} {'public':>7} {'documented':>11} {'inherited':>10} {'missing':>8} {'coverage':>9}"
          f" {'no parameter docs':>18}")
    for module in options.modules:
        if not options.no_build:
            extract(module)
        found = declarations(module)
        if found is None:
            print(f"{module:<20} no symbol graph (run without --no-build)")
            continue
        documented = sum(1 for entry in found if entry[3])
        inherited = sum(1 for entry in found if entry[4])
        missing = len(found) - documented - inherited
        share = 100 * documented / len(found) if found else 100
        without_parameters = sum(1 for entry in found if entry[5])
        print(f"{module:<20} {len(found):>7} {documented:>11} {inherited:>10} {missing:>8} {share:>8.1f}%"
              f" {without_parameters:>18}")
        if options.list is not None and (not options.list or module in options.list):
            for title, path, line, own, _, lacks_parameters in sorted(found, key=lambda entry: (entry[1], entry[2])):
                if not own:
                    print(f"    {path}:{line}: {title}")
                elif lacks_parameters:
                    print(f"    {path}:{line}: {title} (no parameter docs)")


if __name__ == "__main__":
    sys.exit(main())
