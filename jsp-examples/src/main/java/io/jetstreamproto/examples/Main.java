package io.jetstreamproto.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code jsp-examples.jar}: one subcommand per example program. */
@Command(name = "jsp-examples", mixinStandardHelpOptions = true, version = "JetStreamProto examples 0.1.0",
        description = "Runnable JetStreamProto examples.",
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
