"""Edit DOCX files in a real LibreOffice, with changes recorded, as a reviewer would.

Run with Debian's /usr/bin/python3 (it has ``uno`` from python3-uno), never the project's
venv: ``/usr/bin/python3 lo_review.py JOBS.json``. It starts one headless soffice with its
own profile and a random pipe name, applies every job of the file and exits; soffice is
stopped by this script (by its own process id) whatever happens.

A job: ``{"in": "a.docx", "out": "b.docx", "author": "J. Editor", "record": true,
"ops": [...]}``; ops are ``{"op": "replace", "find": "...", "with": "..."}``,
``{"op": "insert_after", "find": "...", "text": "..."}``, ``{"op": "delete", "find":
"..."}``, ``{"op": "comment", "find": "...", "text": "..."}``, ``{"op":
"paragraph_after", "find": "...", "text": "..."}`` (a new paragraph after the one holding
the words), ``{"op": "delete_paragraph", "find": "..."}``, ``{"op": "note_replace", "note": 0,
"find": "...", "with": "..."}`` (in the text of note 1) and ``{"op": "delete_note",
"note": 0}`` (its marker), ``{"op": "resolve", "to": "..."}`` (resolves the thread of the
comment whose words are ``to``; LibreOffice 7.2 and newer). The API makes no linked reply
(``ParentName`` is not written back as a parent in DOCX), so replies are tested with Word's
markup and with LibreOffice's own save of replies it was given.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK

SOFFICE_BIN = "/usr/lib/libreoffice/program/soffice.bin"


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def set_author(ctx, name):
    smgr = ctx.ServiceManager
    provider = smgr.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    first, _, last = name.partition(" ")
    access.setPropertyValue("givenname", first)
    access.setPropertyValue("sn", last)
    access.commitChanges()


def now():
    # An annotation without a date makes LibreOffice 7.4's DOCX export crash.
    t = time.gmtime()
    stamp = uno.createUnoStruct("com.sun.star.util.DateTime")
    stamp.Year, stamp.Month, stamp.Day = t.tm_year, t.tm_mon, t.tm_mday
    stamp.Hours, stamp.Minutes, stamp.Seconds = t.tm_hour, t.tm_min, t.tm_sec
    return stamp


def find(doc, words):
    """A text range over the first occurrence of ``words`` in the body.

    Found by walking the paragraphs: a model opened without a view (see ``main``) has no
    layout, and XSearchable finds nothing without one.
    """
    text = doc.getText()
    paragraphs = text.createEnumeration()
    while paragraphs.hasMoreElements():
        par = paragraphs.nextElement()
        if not par.supportsService("com.sun.star.text.Paragraph"):
            continue
        at = par.getString().find(words)
        if at < 0:
            continue
        cursor = text.createTextCursorByRange(par.getStart())
        cursor.goRight(at, False)
        cursor.goRight(len(words), True)
        return cursor
    raise SystemExit(f"lo_review: {words!r} not found")


def _notes(doc):
    notes = doc.getEndnotes()
    return notes if notes.getCount() else doc.getFootnotes()


def _find_in(text, words):
    cursor = text.createTextCursor()
    cursor.gotoStart(False)
    cursor.gotoEnd(True)
    at = cursor.getString().find(words)
    if at < 0:
        raise SystemExit(f"lo_review: {words!r} not found in the note")
    cursor.gotoStart(False)
    cursor.goRight(at, False)
    cursor.goRight(len(words), True)
    return cursor


def _annotation(doc, words):
    fields = doc.getTextFields().createEnumeration()
    while fields.hasMoreElements():
        field = fields.nextElement()
        if field.supportsService("com.sun.star.text.textfield.Annotation") \
                and field.Content == words:
            return field
    raise SystemExit(f"lo_review: no comment says {words!r}")


def apply(doc, op, author):
    kind = op["op"]
    if kind == "replace":
        find(doc, op["find"]).setString(op["with"])
    elif kind == "delete":
        find(doc, op["find"]).setString("")
    elif kind == "insert_after":
        r = find(doc, op["find"])
        r.getText().insertString(r.getEnd(), op["text"], False)
    elif kind == "comment":
        r = find(doc, op["find"])
        note = doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.Author = op.get("author", author)
        note.Content = op["text"]
        note.DateTimeValue = now()
        r.getText().insertTextContent(r, note, True)
    elif kind == "resolve":
        _annotation(doc, op["to"]).Resolved = True
    elif kind == "paragraph_after":
        r = find(doc, op["find"])
        cursor = r.getText().createTextCursorByRange(r.getEnd())
        cursor.gotoEndOfParagraph(False)
        r.getText().insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        r.getText().insertString(cursor, op["text"], False)
    elif kind == "delete_paragraph":
        r = find(doc, op["find"])
        cursor = r.getText().createTextCursorByRange(r.getStart())
        cursor.gotoStartOfParagraph(False)
        cursor.gotoNextParagraph(True)
        cursor.setString("")
    elif kind == "note_replace":
        note = _notes(doc).getByIndex(op["note"])
        cursor = _find_in(note.getText(), op["find"])
        cursor.setString(op["with"])
    elif kind == "delete_note":
        anchor = _notes(doc).getByIndex(op["note"]).getAnchor()
        anchor.setString("")
    else:
        raise SystemExit(f"lo_review: unknown op {kind}")


def main():
    jobs = json.loads(Path(sys.argv[1]).read_text())
    profile = tempfile.mkdtemp(prefix="lo-review-profile-")
    pipe = f"be_review_{uuid.uuid4().hex}"
    # soffice.bin itself, not the soffice script: its process id is the one to stop.
    args = [SOFFICE_BIN, "--headless", "--norestore", "--nologo", "--nodefault",
            f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"]
    with open(os.environ.get("LO_LOG", os.devnull), "w") as log:
        _run(args, profile, pipe, log, jobs)


def _run(args, profile, pipe, log, jobs):
    # A fresh profile's first start exits with 81 ("restart me"), as the soffice script knows.
    first = subprocess.run([SOFFICE_BIN, "--headless", "--norestore", "--terminate_after_init",
                            f"-env:UserInstallation=file://{profile}"],
                           stdout=subprocess.DEVNULL, stderr=log, timeout=120)
    del first
    soffice = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(600):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if soffice.poll() is not None:
                    raise SystemExit("lo_review: soffice exited at start") from None
                time.sleep(0.1)
        if ctx is None:
            raise SystemExit("lo_review: soffice did not answer")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for job in jobs:
            author = job.get("author", "J. Editor")
            set_author(ctx, author)
            url = uno.systemPathToFileUrl(os.path.abspath(job["in"]))
            # A model without a frame or view: in libreoffice-writer-nogui a view of a
            # document with comments builds comment windows from UI files it lacks, and dies.
            doc = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.text.TextDocument", ctx)
            doc.load((prop("URL", url), prop("FilterName", "MS Word 2007 XML"),
                      prop("Hidden", True)))
            doc.RecordChanges = bool(job.get("record", True))
            for op in job.get("ops", []):
                apply(doc, op, author)
            out = uno.systemPathToFileUrl(os.path.abspath(job["out"]))
            doc.storeToURL(out, (prop("FilterName", "MS Word 2007 XML"),))
            doc.close(True)
        with contextlib.suppress(Exception):
            desktop.terminate()
    finally:
        try:
            soffice.wait(timeout=20)
        except subprocess.TimeoutExpired:
            soffice.kill()
            soffice.wait()
        subprocess.run(["rm", "-rf", profile], check=False)


if __name__ == "__main__":
    main()
