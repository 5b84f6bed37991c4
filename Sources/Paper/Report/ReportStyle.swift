/// The report's style sheet: one readable column on any screen, tables that scroll sideways on a
/// phone instead of squeezing, and print rules that start each chapter on a new page.
enum ReportStyle {
    static let css = """

    :root { --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --tint: #f6f8fa; --hl: #fff1b8; --accent: #0a58ad; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; color: var(--ink); background: #fff;
      font: 17px/1.6 Charter, "Bitstream Charter", Georgia, "DejaVu Serif", serif; }
    main { max-width: 50rem; margin: 0 auto; padding: 1rem 1.1rem 4rem; }
    h1, h2, h3, h4, nav, figcaption, .caption, .notes, table, .meta, dl {
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
    h1 { font-size: 1.55rem; line-height: 1.25; margin: 2.6rem 0 .8rem; padding-bottom: .3rem; border-bottom: 1px solid var(--rule); }
    h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
    h3 { font-size: 1.02rem; margin: 1.5rem 0 .4rem; }
    header.title h1 { font-size: 2rem; border: none; margin: 1.5rem 0 .2rem; }
    .meta { color: var(--muted); font-size: .85rem; margin: 0 0 1rem; }
    a { color: var(--accent); }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em; overflow-wrap: anywhere; }
    pre { background: var(--tint); padding: .7rem .9rem; overflow-x: auto; border-radius: 4px; }
    nav.toc { background: var(--tint); border: 1px solid var(--rule); border-radius: 6px; padding: .5rem 1.1rem .7rem; margin: 1.2rem 0 2rem; font-size: .95rem; }
    nav.toc h2 { font-size: 1rem; margin: .3rem 0; }
    nav.toc ol { margin: .1rem 0; padding-left: 1.3rem; }
    nav.toc a { text-decoration: none; }
    figure { margin: 1.8rem 0; break-inside: avoid; }
    figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
    figcaption, .caption { font-size: .88rem; line-height: 1.45; color: var(--muted); margin: .5rem 0; }
    .label { font-weight: 600; color: var(--ink); }
    .table-block { margin: 1.8rem 0; break-inside: avoid; }
    .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
    table { border-collapse: collapse; font-size: .86rem; line-height: 1.4; font-variant-numeric: tabular-nums; min-width: 60%; }
    th, td { padding: .32rem .65rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--rule); }
    thead th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    td.hl { background: var(--hl); font-weight: 700; }
    tr.total td { border-top: 2px solid var(--ink); font-weight: 600; }
    .notes { font-size: .8rem; color: var(--muted); margin: .4rem 0 0; }
    .value.number, td.nowrap { white-space: nowrap; }
    .verdict-passed { color: #1a7f37; white-space: nowrap; }
    .verdict-failed { color: #cf222e; font-weight: 700; white-space: nowrap; }
    .verdict-none { color: var(--muted); font-style: italic; white-space: nowrap; }
    .verdict-inconclusive { color: #9a6700; white-space: nowrap; }
    .hash { font-size: .75rem; display: block; white-space: nowrap; overflow-wrap: normal; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .9rem; }
    dt { font-weight: 600; }
    dd { margin: 0; overflow-wrap: anywhere; }
    @media (max-width: 520px) {
      body { font-size: 16px; }
      main { padding: .6rem .8rem 3rem; }
      header.title h1 { font-size: 1.6rem; }
      dl { grid-template-columns: 1fr; }
      dd { margin-bottom: .4rem; }
      td.statement { min-width: 11rem; }
    }
    @media print {
      body { font-size: 10.5pt; }
      main { max-width: none; padding: 0; }
      a { color: inherit; text-decoration: none; }
      nav.toc { break-after: page; background: none; }
      section.chapter, section.provenance { break-before: page; }
      .table-wrap { overflow: visible; }
      td.hl { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}
