package dev.leadrouter.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every leaf command needs: the connection and output options of the root command. */
abstract class Leaf {
  @Spec CommandSpec spec;

  LeadrouterCli root() {
    CommandSpec s = spec;
    while (s.parent() != null) {
      s = s.parent();
    }
    return (LeadrouterCli) s.userObject();
  }

  Connection api() {
    return root().connection;
  }

  Output output() {
    return new Output(spec.commandLine().getOut(), root().json);
  }

  static String text(com.fasterxml.jackson.databind.JsonNode node, String field) {
    return node.path(field).asText("");
  }
}
