/// The viewer's style sheet: a light theme, monospace for ids, one colour per span type.
enum ViewerStyle {
    static let css = #"""
:root {
  --bg: #f7f8fa; --panel: #ffffff; --text: #1d2330; --muted: #6b7385; --line: #e3e6ec; --accent: #3558d4;
  --error: #d03b3b; --error-bg: #fdecec; --chip: #eef1f8; --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  --llm: #7c5cff; --embedding: #b06ad8; --tool: #e08a1e; --agent: #1f9d8b; --rag: #2e8de0; --workflow: #5d6b82;
  --evaluation: #c2569a; --guardrail: #b8860b; --span: #8a94a6;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { font-size: 14px; }
body { margin: 0; background: var(--bg); color: var(--text); font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; line-height: 1.45; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
button, input, select { font: inherit; }
button { cursor: pointer; border: 1px solid var(--line); background: var(--panel); border-radius: 6px; padding: 4px 10px; color: var(--text); }
button:hover { border-color: #c3c9d6; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
input, select { border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; background: #fff; color: var(--text); min-width: 0; }
.mono { font-family: var(--mono); font-size: 0.92em; }
.muted { color: var(--muted); }
.small { font-size: 0.88em; }
.nowrap { white-space: nowrap; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }

header.top { display: flex; align-items: center; gap: 28px; padding: 10px 24px; background: #1d2330; color: #fff; position: sticky; top: 0; z-index: 10; }
.brand { color: #fff; font-weight: 700; font-size: 1.15rem; letter-spacing: 0.02em; }
nav { display: flex; gap: 6px; }
nav a { color: #c9d0e0; padding: 5px 12px; border-radius: 6px; }
nav a.current, nav a:hover { background: #343c52; color: #fff; text-decoration: none; }
main { padding: 18px 24px 60px; max-width: 1680px; margin: 0 auto; }
#notices { position: fixed; right: 20px; top: 60px; z-index: 20; display: flex; flex-direction: column; gap: 6px; }
.notice { background: #1d2330; color: #fff; padding: 8px 14px; border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,0.15); }
.notice.error { background: var(--error); }

.page-header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
.page-header h1 { font-size: 1.45rem; margin: 0; font-weight: 650; overflow-wrap: anywhere; }
.live { font-size: 0.8em; color: #1f9d52; border: 1px solid #bfe5cc; background: #eefaf2; border-radius: 10px; padding: 1px 8px; }
.load-error { color: var(--error); background: var(--error-bg); padding: 10px 14px; border-radius: 6px; }
.list-status { color: var(--muted); padding: 10px 2px; }

.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.field { display: flex; flex-direction: column; gap: 3px; font-size: 0.86em; color: var(--muted); }
.field.check { flex-direction: row; align-items: center; gap: 6px; align-self: end; padding-bottom: 6px; color: var(--text); }
.filter-actions { display: flex; gap: 8px; align-items: end; }
.active-filters { display: flex; flex-wrap: wrap; gap: 6px; margin: 10px 0; min-height: 26px; align-items: center; }
.active-filter { background: #e6ecff; border: 1px solid #c9d5ff; border-radius: 14px; padding: 2px 4px 2px 10px; display: inline-flex; align-items: center; gap: 4px; overflow-wrap: anywhere; }
button.remove { border: none; background: transparent; padding: 0 6px; color: var(--muted); font-size: 1.1em; line-height: 1; }
button.remove:hover { color: var(--error); }

.table-wrap { overflow-x: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 7px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-size: 0.82em; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; background: #fafbfc; position: sticky; top: 0; }
tbody tr:hover { background: #f6f8fd; }
tr.fresh { animation: fresh 2.5s ease-out; }
@keyframes fresh { from { background: #fff6d6; } to { background: transparent; } }
.name-cell { min-width: 130px; max-width: 260px; overflow-wrap: break-word; }
.trace-name { font-weight: 600; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; }
.chip { background: var(--chip); border: 1px solid transparent; border-radius: 12px; padding: 1px 9px; font-size: 0.88em; max-width: 150px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chip:hover { border-color: var(--accent); color: var(--accent); }
.chip-label { background: #fff1dc; }
.chip-meta { background: #eaf6ef; }
.chip-key { color: var(--muted); }
.chip-model { background: #f1ecff; }
.thread-link { margin-left: 4px; }
.badge { border-radius: 10px; padding: 1px 8px; font-size: 0.82em; white-space: nowrap; }
.error-badge { background: var(--error-bg); color: var(--error); border: 1px solid #f3c2c2; }
button.older { display: block; margin: 14px auto; }

.facts { display: flex; flex-wrap: wrap; gap: 10px 26px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin-bottom: 12px; }
.fact-label { font-size: 0.78em; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.fact-value { overflow-wrap: anywhere; display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.trace-metadata { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin-bottom: 12px; }
.meta-grid { display: flex; flex-wrap: wrap; gap: 10px 30px; }
.removable { display: inline-flex; align-items: center; }
.annotate { display: flex; flex-wrap: wrap; gap: 14px; margin-top: 10px; padding-top: 10px; border-top: 1px dashed var(--line); }
.inline-form { display: flex; gap: 6px; align-items: center; }

.trace-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(340px, 2fr); gap: 14px; align-items: start; }
@media (max-width: 1100px) { .trace-body { grid-template-columns: 1fr; } }
.waterfall-panel, .span-details { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; min-width: 0; }
.span-details { padding: 12px 16px; position: sticky; top: 60px; max-height: calc(100vh - 76px); overflow: auto; }
.wf-axis, .wf-row { display: grid; grid-template-columns: minmax(180px, 38%) 86px 70px 1fr; align-items: center; }
.wf-axis { font-size: 0.78em; color: var(--muted); border-bottom: 1px solid var(--line); height: 28px; padding-right: 8px; }
.wf-axis .wf-label { padding-left: 8px; }
.wf-scroll { position: relative; overflow: auto; }
.wf-inner { position: relative; }
.wf-row { position: absolute; left: 0; right: 0; height: 26px; cursor: pointer; padding-right: 8px; border-bottom: 1px solid #f1f2f5; }
.wf-row:hover { background: #f6f8fd; }
.wf-row.selected { background: #e8eeff; }
.wf-label { display: flex; align-items: center; gap: 5px; white-space: nowrap; overflow: hidden; min-width: 0; }
.wf-name { overflow: hidden; text-overflow: ellipsis; }
.wf-model { color: var(--muted); font-size: 0.85em; overflow: hidden; text-overflow: ellipsis; }
.wf-tokens, .wf-cost { font-size: 0.85em; text-align: right; padding-right: 8px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wf-track { position: relative; height: 100%; }
.wf-tick { position: absolute; transform: translateX(-50%); top: 6px; white-space: nowrap; }
.wf-tick:first-child { transform: none; }
.wf-tick:last-child { transform: translateX(-100%); }
.wf-bar { position: absolute; top: 7px; height: 12px; border-radius: 3px; min-width: 2px; }
.wf-bar.error { outline: 2px solid var(--error); outline-offset: 1px; background-image: repeating-linear-gradient(45deg, transparent 0 4px, rgba(255,255,255,0.45) 4px 8px); }
.wf-duration { position: absolute; top: 5px; padding-left: 6px; font-size: 0.78em; color: var(--muted); white-space: nowrap; }
.wf-duration.inside { color: #fff; padding-left: 6px; top: 6px; font-size: 0.72em; line-height: 14px; }
.wf-duration.before { padding: 0 6px 0 0; }
.twisty { border: none; background: none; padding: 0 2px; width: 16px; color: var(--muted); }
.twisty-space { display: inline-block; width: 16px; flex: none; }
.type-dot { width: 9px; height: 9px; border-radius: 50%; flex: none; }
.error-mark { background: var(--error); color: #fff; border-radius: 50%; width: 14px; height: 14px; font-size: 10px; font-weight: 700; display: inline-flex; align-items: center; justify-content: center; flex: none; }
.wf-row.error .wf-name { color: var(--error); }
.type-llm { background: var(--llm); } .type-embedding { background: var(--embedding); } .type-tool { background: var(--tool); }
.type-agent { background: var(--agent); } .type-rag { background: var(--rag); } .type-workflow { background: var(--workflow); }
.type-evaluation { background: var(--evaluation); } .type-guardrail { background: var(--guardrail); } .type-span { background: var(--span); }
.type-badge { color: #fff; border-radius: 4px; padding: 1px 7px; font-size: 0.8em; font-weight: 600; text-transform: uppercase; }

.span-title { display: flex; align-items: center; gap: 8px; }
.span-title h2 { font-size: 1.15rem; margin: 0; overflow-wrap: anywhere; }
.span-facts { border: none; padding: 10px 0; margin: 0; }
.status-error { color: var(--error); font-weight: 600; }
.exception { background: var(--error-bg); border: 1px solid #f3c2c2; border-radius: 6px; padding: 8px 10px; margin: 6px 0; }
.exception-title { color: var(--error); font-weight: 600; overflow-wrap: anywhere; }
.detail-section { border-top: 1px solid var(--line); padding: 8px 0; }
.detail-section h3 { font-size: 0.82em; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin: 2px 0 8px; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font-family: var(--mono); font-size: 0.9em; background: #f6f7f9; border-radius: 6px; padding: 8px 10px; max-height: 480px; overflow: auto; }
pre.message-text { background: transparent; padding: 0; font-family: inherit; font-size: 1em; }
.folded .fold-note { font-size: 0.85em; color: var(--muted); margin-top: 4px; }
button.show-all { padding: 1px 8px; font-size: 0.9em; }
.transcript, .documents, .events, .turns { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.message { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.message .role { font-size: 0.78em; text-transform: uppercase; letter-spacing: 0.05em; font-weight: 700; color: var(--muted); margin-bottom: 4px; overflow-wrap: anywhere; }
.role-user { background: #f2f6ff; } .role-assistant { background: #f6f3ff; } .role-system { background: #f7f7f7; } .role-tool { background: #fff7ea; }
.tool-call, .tool-result { border-left: 3px solid var(--tool); background: #fffaf1; padding: 6px 10px; margin-top: 6px; border-radius: 0 6px 6px 0; }
.tool-title { font-size: 0.88em; margin-bottom: 4px; overflow-wrap: anywhere; }
.document { border: 1px solid var(--line); border-left: 3px solid var(--rag); border-radius: 6px; padding: 6px 10px; }
.document-head { display: flex; gap: 6px; align-items: center; margin-bottom: 4px; overflow-wrap: anywhere; }
.score { margin-left: auto; background: #e7f2fd; color: #1b67ad; border-radius: 10px; padding: 0 8px; font-size: 0.85em; }
.json { font-family: var(--mono); font-size: 0.88em; overflow-wrap: anywhere; }
.json details > summary { cursor: pointer; color: var(--muted); }
.j-children { list-style: none; margin: 0; padding-left: 16px; border-left: 1px dotted #d5d9e2; }
.j-key { color: #7a3e9d; }
.j-string { color: #1d7a3a; } .j-number { color: #1b5fc1; } .j-boolean { color: #b4451f; } .j-null, .j-empty { color: var(--muted); }
pre.j-string-block { color: #1d7a3a; }
table.attributes th { text-transform: none; letter-spacing: 0; font-size: 0.85em; color: var(--text); width: 34%; background: none; position: static; overflow-wrap: anywhere; }
table.attributes td { overflow-wrap: anywhere; }
.attr-text { overflow-wrap: anywhere; }

.turn { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; display: flex; flex-direction: column; gap: 8px; }
.turn.error { border-color: #f3c2c2; }
.turn-head { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.turn-number { font-weight: 700; }
.open-trace { margin-left: auto; }
.bubble { border-radius: 10px; padding: 8px 12px; max-width: 85%; }
.bubble .role { font-size: 0.75em; text-transform: uppercase; letter-spacing: 0.05em; font-weight: 700; color: var(--muted); margin-bottom: 2px; }
.bubble-user { background: #eef3ff; align-self: flex-start; }
.bubble-assistant { background: #f3f0fb; align-self: flex-end; }
.thread-id { color: var(--muted); overflow-wrap: anywhere; }

th button.sort { border: none; background: none; padding: 0; font: inherit; color: inherit; text-transform: inherit; letter-spacing: inherit; }
th button.sort.active { color: var(--accent); }

.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 14px; }
.chart-card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 0; }
.chart-card.wide { margin-top: 14px; }
.chart-card.wide svg.chart { max-width: 980px; }
.chart-card figcaption { display: flex; justify-content: space-between; font-weight: 600; margin-bottom: 6px; }
svg.chart { width: 100%; height: auto; display: block; }
svg .axis { stroke: #c9ced8; }
svg .axis-text { font-size: 11px; fill: var(--muted); }
svg .model-name { fill: var(--text); font-size: 12px; }
svg .hover-target { fill: transparent; }
svg .interval.hover .hover-target { fill: #eef2fb; }
svg .bar-traces { fill: var(--accent); } svg .bar-errors { fill: var(--error); } svg .bar-tokens { fill: var(--llm); } svg .bar-cost { fill: #1f9d8b; }
svg .bar-p50 { fill: #6f8df0; } svg .bar-p95 { fill: #2a46b0; }
.readout { font-size: 0.86em; color: var(--muted); min-height: 1.4em; }

.overlay { position: fixed; inset: 0; background: rgba(20, 24, 36, 0.55); display: flex; align-items: center; justify-content: center; z-index: 30; }
.key-form { background: #fff; border-radius: 10px; padding: 22px 26px; display: flex; flex-direction: column; gap: 10px; min-width: 340px; }
.key-form h2 { margin: 0; }
"""#
}
