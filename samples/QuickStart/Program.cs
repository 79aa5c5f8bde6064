Console.WriteLine("OneStop QuickStart");
