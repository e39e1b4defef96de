package io.jetstreamproto.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code jsp-examples.jar}: one subcommand per example program. Exit codes: 0 success, 1 failure
 * (one "error:" line on stderr), 2 bad usage (message and usage on stderr).
 */
@Command(name = "jsp-examples", mixinStandardHelpOptions = true, version = "JetStreamProto examples 0.1.0",
        description = "Runnable JetStreamProto examples.",
        subcommands = {DemoCommand.class, ChatServerCommand.class, ChatClientCommand.class,
            FileTransferCommand.class, BenchmarkServerCommand.class, BenchmarkClientCommand.class,
            MobileDemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** The configured command line (also used by tests in this process). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ExampleException) {
                commandLine.getErr().println("error: " + ex.getMessage());
            } else if (ex instanceof InterruptedException) {
                commandLine.getErr().println("interrupted");
            } else {
                commandLine.getErr().println("error: " + ex);
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        // quiet libraries unless asked otherwise (-Dorg.slf4j.simpleLogger.defaultLogLevel=debug)
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.io.jetstreamproto.examples", "info");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        System.exit(commandLine().execute(args));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
