// The real executable: the console's streams, with progress when stderr is a terminal.
return Columnar.Cli.ColumnarCli.Run(args, Console.Out, Console.Error);
