import os, sys, shutil
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib
if os.path.isdir(lib.ROOT): shutil.rmtree(lib.ROOT)
os.makedirs(lib.ROOT)
for m in ['acc1', 'acc2', 'lx', 'pg', 'healthy']:
    __import__(m)
lib.E_write(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'expected-e.yaml'))
print(len(lib.EXP), 'bundles')
