namespace Burgerbaan.Tests.Infrastructure;

public static class RepositoryRoot
{
    /// <summary>The folder holding Burgerbaan.sln, found from the test binaries upwards.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Burgerbaan.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Burgerbaan.sln not found above " + AppContext.BaseDirectory);
    }
}
