package dev.sibyl.cli.plugin;

import picocli.CommandLine.Command;

/** {@code sibyl plugin ...}: tenant plugins (tuners, assessors) as JARs. */
@Command(
        name = "plugin",
        description = "Work with plugin JARs (custom tuners and assessors).",
        subcommands = {VerifyCommand.class})
public final class PluginCommand {}
