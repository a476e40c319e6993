// The test oracle: the real citeproc-js, under Node, computing positions itself.
//
// Reads one JSON object on stdin:
//   {"citeproc": path to citeproc.js, "locales": {lang: locale XML},
//    "style": CSL XML, "lang": "en-US", "items": {id: CSL-JSON item},
//    "notes": [[{"id", "locator", "label", "prefix", "suffix"}, ...], ...]}
// and prints a JSON array with citeproc's HTML for each note, after the whole sequence
// has been fed note by note through processCitationCluster (as Zotero does), so that
// citeproc decides first / subsequent / ibid / ibid-with-locator and the note numbers.
"use strict";

const fs = require("fs");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const CSL = require(input.citeproc);
const locales = input.locales;

const sys = {
  retrieveLocale(lang) {
    if (locales[lang]) return locales[lang];
    const base = String(lang || "").split("-")[0];
    for (const key of Object.keys(locales)) {
      if (key.split("-")[0] === base) return locales[key];
    }
    return locales["en-US"];
  },
  retrieveItem(id) {
    return input.items[id];
  },
};

const engine = new CSL.Engine(sys, input.style, input.lang || "en-US", true);
engine.setOutputFormat("html");

const rendered = [];
const pre = [];
input.notes.forEach((cites, index) => {
  const citation = {
    citationID: "note-" + (index + 1),
    citationItems: cites,
    properties: { noteIndex: index + 1 },
  };
  const [status, updates] = engine.processCitationCluster(citation, pre.slice(), []);
  if (status.bibchange === undefined && status.citation_errors && status.citation_errors.length) {
    throw new Error(JSON.stringify(status.citation_errors));
  }
  for (const [position, html] of updates) rendered[position] = html;
  pre.push([citation.citationID, index + 1]);
});

process.stdout.write(JSON.stringify(rendered));
