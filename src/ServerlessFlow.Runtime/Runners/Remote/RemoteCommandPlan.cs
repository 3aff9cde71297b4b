namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>What a remote runner runs on each host: the command line (values already quoted), how errors name it (never with
/// parameter values), and for scripts what to copy first and remove after.</summary>
/// <param name="CommandText">The full command line sent to the remote shell.</param>
/// <param name="ShownCommand">How error messages name the command: the action's <c>cmd</c> as written, or the script path.</param>
/// <param name="Upload">The script to copy before running, or null.</param>
/// <param name="Sudo">The command runs through sudo (a kill then uses sudo too).</param>
public sealed record RemoteCommandPlan(string CommandText, string ShownCommand, RemoteScriptUpload? Upload, bool Sudo);

/// <summary>A script copied to each host before it runs, and removed (with its folder) after.</summary>
/// <param name="LocalScript">The entry point on the worker.</param>
/// <param name="LocalLibraries">The action's <c>lib</c> folder, copied too when it exists.</param>
/// <param name="RemoteDirectory">The per-execution folder on the host (<c>dir/execution id</c>).</param>
/// <param name="RemoteScript">The script's path on the host.</param>
public sealed record RemoteScriptUpload(string LocalScript, string? LocalLibraries, string RemoteDirectory, string RemoteScript);
