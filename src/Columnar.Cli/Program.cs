using Columnar;
using Columnar.Cli;
using Columnar.Cli.Commands;

// Exit codes: 0 ok, 1 data or analysis error, 2 usage error.
try
{
    if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
    {
        Console.Out.Write(Usage.Text);
        return args.Length == 0 ? 2 : 0;
    }
    return args[0] switch
    {
        "report" => ReportCommand.Run(args),
        "info" => InfoCommand.Run(args),
        "tags" => TagsCommand.Run(args),
        "segment" => SegmentCommand.Run(args),
        _ => throw new UsageException($"unknown command '{args[0]}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"columnar: {e.Message}");
    Console.Error.WriteLine("run 'columnar --help' for usage");
    return 2;
}
catch (ColumnarException e)
{
    Console.Error.WriteLine($"columnar: error {e.Message}");
    return 1;
}
catch (IOException e)
{
    Console.Error.WriteLine($"columnar: error {e.Message}");
    return 1;
}
catch (UnauthorizedAccessException e)
{
    Console.Error.WriteLine($"columnar: error {e.Message}");
    return 1;
}
