package dev.leadrouter.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/** Runs the JMH benchmarks in this module: arguments are JMH's own (a regex, -f, -wi, -i ...). */
public final class Jmh {
  private Jmh() {}

  public static void main(String[] args) throws Exception {
    new Runner(new CommandLineOptions(args)).run();
  }
}
