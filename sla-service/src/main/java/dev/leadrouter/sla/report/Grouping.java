package dev.leadrouter.sla.report;

/** The dimension a speed-to-lead report groups clocks by. */
public enum Grouping {
  REP,
  QUEUE,
  SEGMENT
}
