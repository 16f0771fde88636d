# printed by the course's first program
def hello(name):
    print(f"Hello, {name}!")
